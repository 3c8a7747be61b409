"""RPA bots (web portals through Playwright, mailboxes and desktop apps through
rpaframework) and the sandbox legacy systems they practise on (``bots/sandbox/``).

Bots call ``bursar.pipeline``; the pipeline never imports bots. Not built yet.
"""
