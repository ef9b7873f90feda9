"""The HTML player in a real browser: headless Chromium (Selenium + chromedriver) opens the file,
steps through it with the arrow keys and the buttons, and at each step the page shows the step's
node, the gradient that arrived and the chain-rule line of ``trace.steps[k]``, with no console error.

Skips only where no Chromium/chromedriver is installed (`.ci/run` installs the Debian packages
`chromium` and `chromium-driver`)."""
import os
import shutil
import time

import pytest

import minigrad
from minigrad.viz.player import arrival_text


def _find(*names):
    for n in names:
        p = shutil.which(n) or (n if os.path.isabs(n) and os.access(n, os.X_OK) else None)
        if p:
            return p
    return None


CHROMIUM = _find("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
DRIVER = _find("/usr/bin/chromedriver", "chromedriver")
pytestmark = pytest.mark.skipif(CHROMIUM is None or DRIVER is None,
                                reason="no Chromium/chromedriver installed (apt install chromium chromium-driver)")


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1300,900"):
        opts.add_argument(arg)
    opts.binary_location = CHROMIUM
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    yield driver
    driver.quit()


def _example():
    """A reused variable: e = (a·b + a)², a = 2, b = 3 (by hand: a.grad = 64, b.grad = 32)."""
    a = minigrad.tensor(2.0, requires_grad=True)
    b = minigrad.tensor(3.0, requires_grad=True)
    d = a * b + a
    e = d * d
    with minigrad.autograd.trace(params={"a": a, "b": b, "d": d, "e": e}) as tr:
        e.backward()
    assert (a.grad.item(), b.grad.item()) == (64.0, 32.0)
    return tr, e


def _text(driver, id_):
    return driver.find_element("id", id_).get_attribute("textContent")


def _check_step(driver, tr, k):
    """The page shows trace.steps[k] (0-based; the page counts from 1)."""
    s = tr.steps[k]
    assert _text(driver, "step-counter") == f"Step {k + 1} of {len(tr.steps)}"
    assert _text(driver, "step-node") == s.name
    assert _text(driver, "step-arriving") == arrival_text(s)
    assert _text(driver, "step-explain") == tr.explain(k + 1).replace(";  ", "\n")
    running = driver.find_elements("css selector", "g.box.running")
    assert len(running) == 1
    texts = [t.get_attribute("textContent") for t in running[0].find_elements("css selector", "text")]
    title = s.node.name() if not s.is_leaf else s.label
    assert any(t.endswith(title) for t in texts[:1]), texts
    assert texts[-1].startswith("grad")                      # its buffer line, complete
    return running[0].get_attribute("id")


def _errors(driver):
    logs = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    return logs + driver.execute_script("return window.playerErrors || ['collector missing']")


def test_player_steps_by_keys_and_buttons(browser, tmp_path):
    from selenium.webdriver.common.keys import Keys
    tr, e = _example()
    path = tr.save_html(tmp_path / "player.html", e)
    browser.get(path.resolve().as_uri())
    body = browser.find_element("tag name", "body")
    _check_step(browser, tr, 0)
    body.send_keys(Keys.ARROW_RIGHT)
    _check_step(browser, tr, 1)
    # step 2 is d = a·b + a: a has received one of its two gradients and waits for the other
    a_box = browser.find_element("css selector", "g.box.waiting")
    assert "buffer 16 (1/2)" in a_box.get_attribute("textContent")
    browser.find_element("id", "next").click()
    _check_step(browser, tr, 2)
    assert "buffer 16 + 48 = 64 ready" in browser.find_element("css selector", "g.box.ready").get_attribute(
        "textContent")
    body.send_keys(Keys.ARROW_LEFT)
    _check_step(browser, tr, 1)
    browser.find_element("id", "prev").click()
    _check_step(browser, tr, 0)
    browser.find_element("id", "prev").click()                 # stays at the first step
    _check_step(browser, tr, 0)
    body.send_keys(Keys.END)
    last = _check_step(browser, tr, len(tr.steps) - 1)
    browser.find_element("id", "next").click()                 # stays at the last step
    assert _check_step(browser, tr, len(tr.steps) - 1) == last
    for k in range(len(tr.steps) - 2, -1, -1):                # every step, walking back
        body.send_keys(Keys.ARROW_LEFT)
        _check_step(browser, tr, k)
    # play moves on by itself; pressing it again pauses
    browser.find_element("id", "play").click()
    deadline = time.time() + 5
    while _text(browser, "step-counter").startswith("Step 1 ") and time.time() < deadline:
        time.sleep(0.1)
    browser.find_element("id", "play").click()
    k = int(_text(browser, "step-counter").split()[1]) - 1
    assert k >= 1
    _check_step(browser, tr, k)
    time.sleep(1.6)
    _check_step(browser, tr, k)                                # paused
    assert _errors(browser) == []


def test_player_of_a_bigger_graph_has_no_errors(browser, tmp_path):
    minigrad.manual_seed(0)
    model = minigrad.nn.Sequential(minigrad.nn.Linear(2, 3), minigrad.nn.Tanh(), minigrad.nn.Linear(3, 1))
    loss = ((model(minigrad.randn(4, 2)) - minigrad.randn(4, 1)) ** 2).mean()
    with minigrad.autograd.trace(params=model) as tr:
        loss.backward()
    browser.get(tr.save_html(tmp_path / "mlp.html", loss).resolve().as_uri())
    from selenium.webdriver.common.keys import Keys
    body = browser.find_element("tag name", "body")
    for k in range(len(tr.steps)):
        _check_step(browser, tr, k)
        body.send_keys(Keys.ARROW_RIGHT)
    assert _errors(browser) == []


def test_player_embedded_as_in_a_notebook(browser, tmp_path):
    """What a notebook shows for `tr` (an iframe holding the page) works the same inside the iframe."""
    tr, e = _example()
    page = tmp_path / "notebook_cell.html"
    page.write_text("<!DOCTYPE html><html><body><p>a notebook cell</p>" + tr._repr_html_() + "</body></html>",
                    encoding="utf-8")
    browser.get(page.resolve().as_uri())
    browser.switch_to.frame(browser.find_element("tag name", "iframe"))
    try:
        _check_step(browser, tr, 0)
        browser.find_element("id", "next").click()
        _check_step(browser, tr, 1)
        from selenium.webdriver.common.keys import Keys
        browser.find_element("tag name", "body").send_keys(Keys.ARROW_RIGHT)
        _check_step(browser, tr, 2)
        assert browser.execute_script("return window.playerErrors") == []
    finally:
        browser.switch_to.default_content()
    assert [x for x in browser.get_log("browser") if x.get("level") == "SEVERE"] == []
