"""`slant serve` in a real browser: start the service on a tiny model, drive headless Chromium through the page
(paste, submit, read the view, download the JSON) and keep a screenshot in artifacts/serve-page.png.

Needs the system packages `chromium` and `chromium-driver` (`.ci/run` installs them); skips, saying why, where
they cannot be found.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="slant[serve] not installed")
webdriver = pytest.importorskip(
    "selenium.webdriver", reason="selenium not installed (pip install -e '.[dev]')"
)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from slant.model.tiny import build_tiny_model  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ARTICLE = (
    "Harbor fee passes after long night\n\n"
    "Mayor Ruth Calder said the harbor fee would pay for buses. Councilman Peter Okafor called it a terrible tax.\n\n"
    '"It punishes people who have no other way to work," Mr. Okafor said. The vote is due in May.\n'
)
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="Chromium or its driver is not installed (apt-get install chromium chromium-driver; .ci/run does it)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    model = build_tiny_model(tmp_path_factory.mktemp("tiny") / "model")
    port = free_port()
    log = tmp_path_factory.mktemp("log") / "serve.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "slant", "serve", "--model", str(model), "--backend", "torch",
                                 "--port", str(port)], stdout=fh, stderr=subprocess.STDOUT,
                                env={**os.environ, "TQDM_DISABLE": "1"})  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if proc.poll() is not None:
                pytest.fail(f"slant serve exited {proc.returncode}: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"slant serve did not answer /healthz in 60 s: {log.read_text()[-2000:]}")
        yield url, log
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1600",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):  # fmt: skip
        opts.add_argument(flag)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})  # fmt: skip
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    try:
        yield driver, downloads
    finally:
        driver.quit()


def test_paste_submit_view_and_download(server, browser) -> None:
    url, log = server
    driver, downloads = browser
    driver.get(url + "/")
    driver.find_element(By.ID, "text").send_keys(ARTICLE)
    driver.find_element(By.ID, "targets").send_keys("harbor fee")
    driver.find_element(By.ID, "submit").click()
    wait = WebDriverWait(driver, 60)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#view article")))
    assert "error" not in driver.find_element(By.ID, "status").get_attribute("class")

    sentences = driver.find_elements(By.CSS_SELECTOR, "#view .text span.s")
    assert [s.text for s in sentences][1] == "Mayor Ruth Calder said the harbor fee would pay for buses."
    assert len(sentences) == 5  # the headline line and four sentences
    keys = driver.find_elements(By.CSS_SELECTOR, "#view .legend .key")
    assert keys, "the frame colour legend lists the frames of the article"
    swatch = keys[0].find_element(By.CSS_SELECTOR, ".sw").value_of_css_property("background-color")
    assert swatch not in ("rgba(0, 0, 0, 0)", "transparent"), "legend swatches carry the frame colours"
    table = driver.find_element(By.CSS_SELECTOR, "#view aside.profile table")
    assert "harbor fee" in table.text and "Ruth Calder" in table.text
    assert driver.find_elements(By.CSS_SELECTOR, "#view details summary")[0].text.startswith("Removed lines")
    assert "sentences scored" in driver.find_element(By.ID, "status").text

    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "serve-page.png"))

    link = wait.until(ec.element_to_be_clickable((By.ID, "download")))
    link.click()
    deadline = time.time() + 20
    while time.time() < deadline and not list(downloads.glob("*.json")):
        time.sleep(0.1)
    (saved,) = list(downloads.glob("*.json"))
    result = json.loads(saved.read_text())
    assert result["summary"]["n_sentences"] == 5 and result["sentences"][1]["text"].startswith(
        "Mayor Ruth Calder"
    )
    assert result["summary"]["targets"]["harbor fee"]["mentions"] == 2  # headline and body
    assert any(
        " /v1/predict 200 " in line and " 5 sentences " in line for line in log.read_text().splitlines()
    )


def test_upload_an_html_file(server, browser, tmp_path) -> None:
    url, _ = server
    driver, _ = browser
    page = tmp_path / "fee.html"
    body = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[1:])
    page.write_text(
        f"<html><head><title>Council backs the fee</title></head><body><article>{body}</article></body></html>"
    )
    driver.get(url + "/")
    driver.find_element(By.ID, "file").send_keys(str(page))
    driver.find_element(By.ID, "submit").click()
    heading = WebDriverWait(driver, 60).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "#view article h2"))
    )
    assert heading.text == "Council backs the fee"
    assert len(driver.find_elements(By.CSS_SELECTOR, "#view .text span.s")) == 4


def test_bad_input_shows_the_message(server, browser) -> None:
    url, _ = server
    driver, _ = browser
    driver.get(url + "/")
    driver.find_element(By.ID, "text").send_keys("   ")
    driver.find_element(By.ID, "submit").click()
    status = driver.find_element(By.ID, "status")
    WebDriverWait(driver, 30).until(lambda d: "error" in status.get_attribute("class"))
    assert "expected a non-empty" in status.text
