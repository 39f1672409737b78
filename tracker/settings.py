"""Scrapy settings for clausewatch (``scrapy.cfg`` points here).

Every setting a user can change is defined once, in :data:`tracker.config.SETTINGS`:
its default drives Scrapy from here, and the settings file (``clausewatch.toml``) or
a ``CLAUSEWATCH_*`` environment variable overrides it (see docs/configuration.md).
Any setting can also be given to one crawl with ``-s NAME=VALUE``.  What follows the
defaults are fixed choices of the project, not settings.
"""

from scrapy.settings import default_settings as _scrapy_defaults

from tracker.config import load_config as _load_config

_CONFIG = _load_config()

BOT_NAME = "clausewatch"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# The defaults of the settings table (CLAUSEWATCH_DB, CONCURRENT_REQUESTS, USER_AGENT…)
globals().update(_CONFIG.scrapy_defaults())

# Internal settings, set by `clausewatch crawl` for its Scrapy process
CLAUSEWATCH_RUN_ID = 0  # 0: the storage pipeline opens a run of its own
CLAUSEWATCH_ONLY = ""  # comma-separated services or "Service/Type" keys
CLAUSEWATCH_PLAN = ""  # the crawl plan file (tracker.items.CrawlPlan)

# Only http(s) is ever downloaded: no handler for file:, data:, ftp: or s3: URLs, so not even
# a request built outside the catalog's checks can read the crawling machine's files.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}

# Fetch failures that the run report lists are logged on one INFO line, not as an ERROR
# with a traceback (tracker/fetch/logs.py): -v shows them, --quiet stays quiet.
EXTENSIONS = {"tracker.fetch.logs.QuietFetchLogs": 0}
# Scrapy's remote control is switched off below (REMOTE_CONTROL_ENABLED), but Scrapy
# imports every extension it lists, even one set to None, and this one imports aiohttp:
# 0.1 s of CPU and 10 MB in every crawl (bench/README.md).  It is not listed at all.
EXTENSIONS_BASE = {
    name: order
    for name, order in _scrapy_defaults.EXTENSIONS_BASE.items()
    if name != "scrapy.extensions.remote_control.RemoteControl"
}

COOKIES_ENABLED = True
# No console and no remote-control server: a crawl of untrusted pages listens on no port
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
RETRY_ENABLED = True
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# A fetch that still fails is recorded with its reason and summed up in the run
# report: no need for Scrapy to shout about it too (cron would mail it twice).
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
# A failed item is dropped once recorded; its reason is in the run report already.
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"
# Retries wait CLAUSEWATCH_RETRY_BACKOFF seconds, doubled each time, at most
# CLAUSEWATCH_RETRY_BACKOFF_MAX (and honour Retry-After within that cap).
# No request to a loopback or private address unless CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES
# (tracker/fetch/policy.py): before robots.txt (100), so not even robots.txt is asked for.
# Scrapy's HTTP authentication (spiders with http_user) and download counters (stats
# nothing reads) are left out, as are the spider middlewares that check URL length and
# link depth (catalog URLs, never followed links) and detect copied request meta (a
# debugging aid): each one runs on every request or response (bench/README.md).
DOWNLOADER_MIDDLEWARES = {
    "tracker.fetch.private.PrivateAddressMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
    "scrapy.downloadermiddlewares.stats.DownloaderStats": None,
    "tracker.fetch.conditional.ConditionalRequestsMiddleware": 400,
    "tracker.fetch.retry.BackoffRetryMiddleware": 550,
}
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
}

# Each response gives one item (or the request for a combined document's next page);
# Scrapy starts CONCURRENT_ITEMS asyncio workers per response (default 100), about a
# millisecond of pure overhead per page.  Responses still run in parallel.
CONCURRENT_ITEMS = 2

ITEM_PIPELINES = {
    "tracker.pipelines.validation.ValidationPipeline": 100,
    "tracker.pipelines.extraction.ExtractionPipeline": 300,
    "tracker.pipelines.storage.StoragePipeline": 800,
}

FEED_EXPORT_ENCODING = "utf-8"

# Fetch executeClientScripts declarations with headless chromium when CLAUSEWATCH_BROWSER
# is true (the browser extra; tracker/fetch/browser.py). An add-on, so it sees -s options.
ADDONS = {"tracker.fetch.browser.BrowserAddon": 0}

# Last, what the settings file and CLAUSEWATCH_* environment variables set
globals().update(_CONFIG.scrapy_settings())
