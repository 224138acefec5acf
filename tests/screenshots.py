"""Regenerate the README's screenshots: `make screenshots` (python -m tests.screenshots).

Starts what a user would have after `make up` (a throwaway Neo4j holding the shipped
corpus, the API beside it), opens each page in headless Chromium and writes the PNGs to
docs/. Each shot is one entry of SHOTS (Browser with the style, the report page); a new
page adds one function here.
"""

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final

from selenium import webdriver
from selenium.webdriver.common.by import By

from tests.browser_support import (
    CuratorStack,
    chromium,
    curator_stack,
    log_in_to_browser,
    run_in_browser,
    wait_for,
)

DOCS: Final = Path(__file__).resolve().parents[1] / "docs"

QUANTITY_VIEW: Final = (
    "MATCH (q:Quantity {id: 'llm-training-algorithmic-efficiency'})<-[m:MEASURES]-(c:Claim)"
    "<-[mk:MAKES]-(s:Source) "
    "OPTIONAL MATCH (k:Consensus)-[sm:SUMMARIZES]->(q) "
    "OPTIONAL MATCH (cr:Critique)-[t:TARGETS]->(c) "
    "OPTIONAL MATCH (f:Flag)-[fl:FLAGS]->(c) "
    "RETURN q, m, c, mk, s, k, sm, cr, t, f, fl"
)
"""One quantity's claims, their sources, its consensus, critiques and flags: most labels
and their captions in one picture."""


def neo4j_browser(driver: webdriver.Chrome, stack: CuratorStack) -> Path:
    log_in_to_browser(driver, stack)
    wait_for(lambda: "What the graph holds" in driver.find_element(By.TAG_NAME, "body").text)
    run_in_browser(driver, ":clear")
    run_in_browser(driver, QUANTITY_VIEW)
    frame = wait_for(
        lambda: (
            driver.find_elements(By.CSS_SELECTOR, "g.node")
            and driver.find_element(By.CSS_SELECTOR, "[data-testid='frame']")
        ),
        what="the graph view",
    )
    frame.find_element(By.CSS_SELECTOR, "[title='Fullscreen']").click()
    time.sleep(4)  # let the force layout settle in the larger view
    for _ in range(2):  # the fitted view is small; two steps in make the captions legible
        driver.find_element(By.CSS_SELECTOR, "button[aria-label='zoom-in']").click()
        time.sleep(0.5)
    target = DOCS / "neo4j-browser.png"
    driver.save_screenshot(str(target))
    return target


def report_page(driver: webdriver.Chrome, stack: CuratorStack) -> Path:
    """The report page of the quantity the README's first question asks about."""
    driver.set_window_size(1440, 1300)
    driver.get(f"{stack.api}/report/llm-training-algorithmic-efficiency")
    wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "#forest-plot svg"), what="the plot")
    target = DOCS / "report-page.png"
    driver.save_screenshot(str(target))
    driver.set_window_size(1440, 900)
    return target


SHOTS: Final[tuple[Callable[[webdriver.Chrome, CuratorStack], Path], ...]] = (
    neo4j_browser,
    report_page,
)


def main() -> int:
    with (
        tempfile.TemporaryDirectory(prefix="claimgraph-shots-") as scratch,
        curator_stack(Path(scratch)) as stack,
        chromium() as driver,
    ):
        for shot in SHOTS:
            print(f"wrote {shot(driver, stack)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
