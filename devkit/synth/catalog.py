"""Word lists: goods and services by GL account, company names, people, addresses."""

from __future__ import annotations

import random
from decimal import Decimal

# GL account -> (name, [(sku prefix, description, unit, min price, max price), ...])
GL_ACCOUNTS: dict[str, tuple[str, list[tuple[str, str, str, int, int]]]] = {
    "6000": (
        "Office supplies",
        [
            ("OFF", "Copy paper A4 80 g/m², 500 sheets", "PK", 4, 9),
            ("OFF", "Ballpoint pens blue, box of 50", "BX", 8, 25),
            ("OFF", "Lever arch files 80 mm", "EA", 2, 6),
            ("OFF", "Sticky notes 76 x 76 mm, 12 pads", "PK", 5, 14),
            ("OFF", "Toner cartridge black high yield", "EA", 45, 160),
            ("OFF", "Desk organiser, mesh", "EA", 9, 30),
        ],
    ),
    "6100": (
        "IT hardware",
        [
            ("HW", "Laptop 14in, 16 GB RAM, 512 GB SSD", "EA", 700, 1600),
            ("HW", "Monitor 27in IPS QHD", "EA", 180, 420),
            ("HW", "USB-C docking station", "EA", 90, 260),
            ("HW", "Wireless keyboard and mouse set", "EA", 25, 90),
            ("HW", "Network switch 24 port PoE", "EA", 240, 900),
            ("HW", "SSD 1 TB NVMe", "EA", 60, 140),
        ],
    ),
    "6200": (
        "Software",
        [
            ("SW", "Office suite subscription, annual, per user", "EA", 80, 260),
            ("SW", "Antivirus endpoint licence, 12 months", "EA", 20, 60),
            ("SW", "CAD software maintenance renewal", "EA", 900, 3200),
            ("SW", "Cloud storage 1 TB, monthly", "MON", 8, 25),
        ],
    ),
    "6300": (
        "Travel",
        [
            ("TRV", "Hotel accommodation, single room", "NT", 90, 240),
            ("TRV", "Rail ticket, 2nd class return", "EA", 40, 190),
            ("TRV", "Rental car, compact class", "DAY", 35, 95),
        ],
    ),
    "6400": (
        "Utilities",
        [
            ("UTL", "Electricity supply, commercial tariff", "KWH", 0, 1),
            ("UTL", "Water and sewage charge", "M3", 2, 6),
            ("UTL", "Natural gas supply", "KWH", 0, 1),
        ],
    ),
    "6500": (
        "Maintenance",
        [
            ("MNT", "HVAC preventive maintenance visit", "HUR", 70, 140),
            ("MNT", "Forklift service and safety inspection", "EA", 180, 450),
            ("MNT", "Replacement V-belt SPA 1250", "EA", 9, 28),
            ("MNT", "Hydraulic oil HLP 46, 20 l", "EA", 60, 130),
        ],
    ),
    "6600": (
        "Raw materials",
        [
            ("RM", "Steel bolts M8 x 40, zinc plated", "EA", 0, 1),
            ("RM", "Aluminium sheet 2 mm, 1000 x 2000", "EA", 40, 110),
            ("RM", "Stainless steel tube 25 x 1.5 mm", "M", 6, 18),
            ("RM", "Polypropylene granulate, natural", "KG", 1, 3),
            ("RM", "Copper wire 2.5 mm², reel 100 m", "RL", 70, 160),
            ("RM", "Hex nuts M8, DIN 934", "EA", 0, 1),
        ],
    ),
    "6700": (
        "Professional services",
        [
            ("SRV", "Consulting services, senior consultant", "HUR", 110, 220),
            ("SRV", "Audit of annual financial statements", "EA", 2500, 9000),
            ("SRV", "Legal advice, contract review", "HUR", 150, 380),
            ("SRV", "Translation services, technical", "EA", 200, 900),
        ],
    ),
    "6800": (
        "Freight",
        [
            ("FRT", "Pallet transport, domestic", "PAL", 45, 120),
            ("FRT", "Express parcel delivery", "EA", 9, 40),
            ("FRT", "Container freight FCL 20ft", "EA", 900, 2600),
        ],
    ),
    "6900": (
        "Marketing",
        [
            ("MKT", "Trade fair booth rental, 12 m²", "EA", 1500, 4800),
            ("MKT", "Printed brochures A4, 8 pages", "EA", 0, 2),
            ("MKT", "Online advertising campaign, monthly", "MON", 400, 2400),
            ("MKT", "Promotional tote bags with logo", "EA", 2, 6),
        ],
    ),
}

# Long descriptions wrap onto a second printed line in layouts that allow it.
LONG_SUFFIXES = [
    "incl. delivery to site and installation",
    "as per framework agreement, batch certificate included",
    "according to quotation of last month, packed on EU pallets",
]

NAME_PARTS = {
    "en": (
        [
            "Northwind",
            "Bluewater",
            "Summit",
            "Redwood",
            "Ironbridge",
            "Harbour",
            "Granite",
            "Silverline",
            "Oakridge",
            "Pioneer",
        ],
        ["Supplies", "Components", "Logistics", "Systems", "Trading", "Services"],
        ["Ltd", "Inc.", "LLC", "Ltd", "plc"],
    ),
    "de": (
        [
            "Müller",
            "Schneider",
            "Becker",
            "Hoffmann",
            "Wagner",
            "Krämer",
            "Weiß",
            "Brandt",
            "Lindner",
            "Vogel",
        ],
        ["Metallbau", "Bürobedarf", "Logistik", "Technik", "Handel", "Industriebedarf"],
        ["GmbH", "AG", "GmbH & Co. KG", "KG"],
    ),
    "fr": (
        [
            "Dupont",
            "Lefèvre",
            "Moreau",
            "Girard",
            "Bonnet",
            "Mercier",
            "Lambert",
            "Fontaine",
            "Rousseau",
            "Chevalier",
        ],
        ["Fournitures", "Industrie", "Transports", "Services", "Équipements", "Distribution"],
        ["SARL", "SAS", "SA"],
    ),
    "nl": (
        ["Van Dijk", "De Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "De Boer"],
        ["Kantoorartikelen", "Techniek", "Logistiek", "Handel", "Metaalbouw", "Installaties"],
        ["B.V.", "N.V.", "V.O.F."],
    ),
    "it": (
        ["Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Conti"],
        ["Forniture", "Industria", "Trasporti", "Servizi", "Impianti", "Distribuzione"],
        ["S.r.l.", "S.p.A.", "S.n.c."],
    ),
    "es": (
        ["García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Moreno"],
        ["Suministros", "Industrial", "Transportes", "Servicios", "Equipos", "Distribución"],
        ["S.L.", "S.A.", "S.L.U."],
    ),
}

STREETS = {
    "en": ["{n} High Street", "{n} Station Road", "{n} Market Street", "{n} Commerce Drive"],
    "de": ["Hauptstraße {n}", "Industriestraße {n}", "Bahnhofstraße {n}", "Am Hafen {n}"],
    "fr": [
        "{n} rue de la Paix",
        "{n} avenue Victor Hugo",
        "{n} boulevard Voltaire",
        "{n} rue des Artisans",
    ],
    "nl": ["Keizersgracht {n}", "Industrieweg {n}", "Stationsstraat {n}", "Havenkade {n}"],
    "it": ["Via Roma {n}", "Corso Italia {n}", "Via dell'Industria {n}", "Viale Europa {n}"],
    "es": [
        "Calle Mayor {n}",
        "Avenida de la Industria {n}",
        "Calle del Puerto {n}",
        "Gran Vía {n}",
    ],
}

CITIES = {
    "US": ["Springfield, IL 62701", "Austin, TX 78701", "Columbus, OH 43004"],
    "GB": ["Manchester M1 2AB", "Leeds LS1 4DT", "Bristol BS1 5TR"],
    "IE": ["Dublin D02 X285", "Cork T12 W8CD"],
    "DE": ["10115 Berlin", "80331 München", "20095 Hamburg", "50667 Köln"],
    "AT": ["1010 Wien", "8010 Graz"],
    "CH": ["8001 Zürich", "3011 Bern"],
    "FR": ["75008 Paris", "69002 Lyon", "31000 Toulouse"],
    "BE": ["1000 Bruxelles", "4000 Liège"],
    "NL": ["1012 AB Amsterdam", "3011 AD Rotterdam", "3511 LX Utrecht"],
    "IT": ["20121 Milano", "00184 Roma", "10121 Torino"],
    "ES": ["28013 Madrid", "08002 Barcelona", "46002 Valencia"],
}

FIRST = [
    "Anna",
    "Lukas",
    "Marie",
    "Jean",
    "Emma",
    "Paul",
    "Sophie",
    "Thomas",
    "Claire",
    "David",
    "Laura",
    "Felix",
    "Chloé",
    "James",
    "Hannah",
    "Louis",
]
LAST = [
    "Schmidt",
    "Martin",
    "Bernard",
    "Fischer",
    "Dubois",
    "Smith",
    "Jones",
    "Weber",
    "Laurent",
    "Taylor",
    "Meyer",
    "Petit",
    "Brown",
    "Keller",
]

MEDICAL = [  # code, description, max unit price, covered
    ("GP01", "General practitioner consultation", Decimal("90.00"), True),
    ("SP02", "Specialist consultation", Decimal("160.00"), True),
    ("LB10", "Blood test, full panel", Decimal("120.00"), True),
    ("XR20", "X-ray, two views", Decimal("140.00"), True),
    ("PT30", "Physiotherapy session, 30 min", Decimal("70.00"), True),
    ("DN40", "Dental check-up and cleaning", Decimal("110.00"), True),
    ("RX50", "Prescription medicine", Decimal("80.00"), True),
    ("CS90", "Cosmetic treatment", Decimal("400.00"), False),
    ("AC91", "Acupuncture session", Decimal("85.00"), False),
]


def company_name(rng: random.Random, language: str, used: set[str]) -> str:
    """Return a company name not in ``used`` (and add it)."""
    first, second, forms = NAME_PARTS[language]
    for _ in range(1000):
        name = f"{rng.choice(first)} {rng.choice(second)} {rng.choice(forms)}"
        if name not in used:
            used.add(name)
            return name
    name = f"{rng.choice(first)} {rng.choice(second)} {len(used)} {rng.choice(forms)}"
    used.add(name)
    return name


def person_name(rng: random.Random) -> str:
    """Return a random person's name."""
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def street(rng: random.Random, language: str) -> str:
    """Return a street address line."""
    return rng.choice(STREETS[language]).format(n=rng.randint(1, 180))
