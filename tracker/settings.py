"""Scrapy settings for clausewatch (``scrapy.cfg`` points here).

``CLAUSEWATCH_*`` settings are read by the pipelines through ``from_crawler``; every
one can be overridden with ``-s NAME=VALUE``, an environment variable of the same
name, or the TOML settings file (see docs/configuration.md).
"""

import os

BOT_NAME = "clausewatch"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

CLAUSEWATCH_DB = os.environ.get("CLAUSEWATCH_DB", "data/clausewatch.db")
CLAUSEWATCH_CATALOG = os.environ.get("CLAUSEWATCH_CATALOG", "")
CLAUSEWATCH_CONTACT_URL = os.environ.get(
    "CLAUSEWATCH_CONTACT_URL", "https://github.com/clausewatch/clausewatch"
)
CLAUSEWATCH_RUN_ID = 0  # set by `clausewatch crawl`; 0 means the pipeline opens its own run
CLAUSEWATCH_ONLY = ""  # comma-separated services or "Service/Type" keys

# A crawler that says who it is and how to reach its operator.
USER_AGENT = f"clausewatch/0.1 (+{CLAUSEWATCH_CONTACT_URL}; terms-of-service change tracker)"

# Only http(s) is ever downloaded: no handler for file:, data:, ftp: or s3: URLs, so not even
# a request built outside the catalog's checks can read the crawling machine's files.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}

ROBOTSTXT_OBEY = True
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False

CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# A fetch that still fails is recorded with its reason and summed up in the run
# report: no need for Scrapy to shout about it too (cron would mail it twice).
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
# Retries wait CLAUSEWATCH_RETRY_BACKOFF seconds, doubled each time, at most
# CLAUSEWATCH_RETRY_BACKOFF_MAX (and honour Retry-After within that cap).
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "tracker.middlewares.BackoffRetryMiddleware": 550,
}
CLAUSEWATCH_RETRY_BACKOFF = 2.0
CLAUSEWATCH_RETRY_BACKOFF_MAX = 60.0
# A text that loses more than this fraction of the latest version is held back until a
# later run confirms it (1 disables the check).
CLAUSEWATCH_MAX_SHRINK = 0.5
# Send If-None-Match / If-Modified-Since from the last good fetch; a 304 is "not modified".
CLAUSEWATCH_CONDITIONAL = True

# Each response gives one item (or the request for a combined document's next page);
# Scrapy starts CONCURRENT_ITEMS asyncio workers per response (default 100), about a
# millisecond of pure overhead per page.  Responses still run in parallel.
CONCURRENT_ITEMS = 2
# Extraction processes: "auto" is one per core less one (the crawl process's), at most 4,
# for catalogs of 16+ documents; 0 extracts in the crawl process
# (see tracker/pipelines/extraction.py).
CLAUSEWATCH_EXTRACT_WORKERS = os.environ.get("CLAUSEWATCH_EXTRACT_WORKERS", "auto")

ITEM_PIPELINES = {
    "tracker.pipelines.validation.ValidationPipeline": 100,
    "tracker.pipelines.extraction.ExtractionPipeline": 300,
    "tracker.pipelines.storage.StoragePipeline": 800,
}

LOG_LEVEL = os.environ.get("CLAUSEWATCH_LOG_LEVEL", "INFO")
FEED_EXPORT_ENCODING = "utf-8"

# Fetch executeClientScripts declarations with headless chromium when this is true
# (the browser extra; tracker/browser.py). An add-on, so it also sees -s options.
CLAUSEWATCH_BROWSER = False
CLAUSEWATCH_CHROMIUM = ""  # empty: Debian's chromium on PATH
ADDONS = {"tracker.browser.BrowserAddon": 0}

# Last, the settings file (clausewatch.toml) and CLAUSEWATCH_* environment variables
# (all of them in tracker/config.py's SETTINGS) override the defaults above: scrapy
# crawl and Scrapyd see what clausewatch run sees.
from tracker.config import load_config as _load_config  # noqa: E402

globals().update(_load_config().scrapy_settings())
