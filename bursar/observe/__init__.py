"""What operators and model owners watch: Prometheus metrics, JSON logs, drift.

``metrics`` holds the event counters and histograms the pipeline updates as things
happen; ``collectors`` computes the database's figures (queues, inbox, audit head)
at scrape time; ``exposition`` renders one registry for ``/metrics``; ``logs`` switches
logging to one JSON object per line. Lower layers (models) never import this package:
they expose hooks that the core wires up here.
"""
