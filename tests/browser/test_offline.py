"""Offline, private, installable: the service worker, the security policy and what the page keeps.

These tests let the page's service worker run (the other browser tests block it). Each serves its own
copy of dist/, so it can stop the server or deploy a second version over the first.
"""

from __future__ import annotations

import json
import shutil
import struct
import sys

import pytest

from member_import import check

from .browser_helpers import CHECK_TIMEOUT_MS, DIST, ROOT, precache_list, screenshot, serve, wait_for_state
from .test_page import MESSY, choose, download_text

pytestmark = pytest.mark.browser

# Every place a page can keep data: web storage, IndexedDB (each database's entry count), Cache Storage.
WHAT_THE_PAGE_KEEPS = """async () => {
  const entries = (name) => new Promise((done, failed) => {
    const opening = indexedDB.open(name);
    opening.onerror = failed;
    opening.onsuccess = async () => {
      const db = opening.result, stores = [...db.objectStoreNames];
      const counts = await Promise.all(stores.map(store => new Promise(counted => {
        const count = db.transaction(store).objectStore(store).count();
        count.onsuccess = () => counted(count.result); })));
      db.close();
      done(counts.reduce((a, b) => a + b, 0));
    };
  });
  return {
    local: localStorage.length,
    session: sessionStorage.length,
    databases: await Promise.all((await indexedDB.databases()).map(async d => [d.name, await entries(d.name)])),
    caches: await Promise.all((await caches.keys()).map(async (name) =>
        [name, (await (await caches.open(name)).keys()).map(r => r.url)])),
  };
}"""


def wait_for_offline_ready(page) -> None:
    page.wait_for_function("document.documentElement.dataset.offline === 'ready'")
    assert page.text_content("[data-testid=offline]").strip() == "Ready to work offline"


def site(tmp_path, sub_path: str = ""):
    """A copy of dist/ in tmp_path (at `sub_path` under the served root); (served root, app folder)."""
    folder = tmp_path / "site" / sub_path
    shutil.copytree(DIST, folder)
    return tmp_path / "site", folder


def test_after_one_visit_the_page_checks_a_file_with_the_server_gone_and_the_browser_offline(
        offline_page, offline_context, tmp_path):
    root, app = site(tmp_path, "tools/member-import")  # hosted under a sub-path, as on an intranet
    precache = precache_list(app)
    with serve(root) as base:
        url = f"{base}tools/member-import/"
        offline_page.goto(url)
        wait_for_state(offline_page, "ready")
        wait_for_offline_ready(offline_page)
        assert offline_page.text_content("#version") == f"Version {precache['version']}."
        screenshot(offline_page, "12-ready-to-work-offline", full_page=False)
    # The server is gone and the browser is offline.
    offline_context.set_offline(True)
    served_by_worker = []
    offline_page.on("response", lambda response: served_by_worker.append(response.from_service_worker))
    offline_page.reload()
    wait_for_state(offline_page, "ready")
    wait_for_offline_ready(offline_page)
    assert served_by_worker and all(served_by_worker)

    offline_page.requests.clear()
    choose(offline_page, "members.csv", MESSY)
    wait_for_state(offline_page, "done", CHECK_TIMEOUT_MS)
    name, fixed = download_text(offline_page, "download-fixed")
    assert (name, fixed) == ("members-fixed.csv", check(MESSY.encode()).fixed_csv())
    # Checking the file and downloading the result asked nothing of anyone, the service worker included.
    assert offline_page.requests == []
    screenshot(offline_page, "13-offline-done", full_page=False)

    # The file is nowhere in the browser's storage: the only cache holds exactly the precache list.
    kept = offline_page.evaluate(WHAT_THE_PAGE_KEEPS)
    assert (kept["local"], kept["session"]) == (0, 0)
    # PyScript opens two IndexedDB databases of its own as it starts (for pyscript.fs folder handles
    # and its package cache); we use neither, and they must stay empty.
    assert all(name.startswith("IDBMap/") for name, _ in kept["databases"]), kept["databases"]
    assert [count for _, count in kept["databases"]] == [0] * len(kept["databases"])
    [(cache_name, urls)] = kept["caches"]
    assert cache_name.endswith(precache["version"])
    assert sorted(urls) == sorted(url + ("" if f == "./" else f) for f in precache["files"])


def test_the_security_policy_lets_the_page_reach_its_own_origin_and_no_other(ready_page, tmp_path):
    policy = ready_page.get_attribute("meta[http-equiv=Content-Security-Policy]", "content")
    directives = {name: " ".join(values) for name, *values in (d.split() for d in policy.split(";") if d.strip())}
    assert directives["default-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'none'"
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval' 'unsafe-eval'"
    # "Host it yourself" gives the same policy as a header, plus what a meta tag cannot say.
    assert f"Content-Security-Policy: {policy}; frame-ancestors 'none'" in (ROOT / "README.md").read_text()

    # Another origin: a second loopback server, which must hear nothing from the page.
    hits: list = []
    (tmp_path / "x.txt").write_text("secret")
    with serve(tmp_path, hits) as other:
        assert other != ready_page.url
        outcome = ready_page.evaluate(
            """async (url) => {
                 const refused = [];
                 document.addEventListener('securitypolicyviolation', e => refused.push(e.effectiveDirective));
                 let fetched;
                 try { await fetch(url, {method: 'POST', body: 'email,name'}); fetched = 'sent'; }
                 catch (e) { fetched = 'blocked'; }
                 const image = await new Promise(done => { const i = new Image();
                   i.onload = () => done('loaded'); i.onerror = () => done('blocked'); i.src = url; });
                 return {fetched, image, refused};
               }""", other + "x.txt")
    assert outcome == {"fetched": "blocked", "image": "blocked", "refused": ["connect-src", "img-src"]}
    assert hits == []


def test_when_a_file_cannot_be_saved_for_offline_use_the_page_says_so_and_still_works(offline_page, tmp_path):
    root, app = site(tmp_path)
    (app / "static" / "member-import-template.csv").unlink()  # a file on the list the server lost
    with serve(root) as url:
        offline_page.goto(url)
        wait_for_state(offline_page, "ready")
        offline_page.wait_for_function("document.documentElement.dataset.offline === 'failed'")
        assert "Could not save the checker for offline use" in offline_page.text_content("[data-testid=offline]")
        choose(offline_page, "members.csv", MESSY)
        wait_for_state(offline_page, "done", CHECK_TIMEOUT_MS)
        assert offline_page.evaluate("navigator.serviceWorker.controller") is None


def test_a_new_deploy_is_offered_and_after_reload_to_update_the_page_runs_it(offline_page, tmp_path):
    root, app = site(tmp_path)
    version_1 = precache_list(app)["version"]
    with serve(root) as url:
        offline_page.goto(url)
        wait_for_state(offline_page, "ready")
        wait_for_offline_ready(offline_page)

        # Version 2 is deployed over version 1: a changed page and a rebuilt precache list.
        page_file = app / "index.html"
        page_file.write_text(page_file.read_text(encoding="utf-8").replace(
            "<h1>Member import checker</h1>", "<h1>Member import checker</h1><p id=\"v2\">Version two</p>"),
            encoding="utf-8")
        sys.path.insert(0, str(ROOT / "tools"))
        from build_dist import write_service_worker
        version_2 = write_service_worker(app)["version"]
        assert version_2 != version_1

        # The admin comes back: version 1 still runs (from its cache) and offers version 2.
        offline_page.reload()
        wait_for_state(offline_page, "ready")
        offline_page.wait_for_selector("[data-testid=update]", state="visible")
        assert offline_page.query_selector("#v2") is None
        assert offline_page.text_content("#version") == f"Version {version_1}."
        screenshot(offline_page, "14-update-offered", full_page=False)

        with offline_page.expect_navigation():
            offline_page.click("text=Reload to update")
        wait_for_state(offline_page, "ready")
        wait_for_offline_ready(offline_page)
        assert offline_page.text_content("#v2") == "Version two"
        assert offline_page.text_content("#version") == f"Version {version_2}."
        assert not offline_page.is_visible("[data-testid=update]")
        # Version 1's cache is gone; version 2's holds its files.
        caches = offline_page.evaluate(WHAT_THE_PAGE_KEEPS)["caches"]
        assert [name.rsplit(" ", 1)[1] for name, _ in caches] == [version_2]


def test_the_page_can_be_installed_as_an_app(ready_page):
    manifest = json.loads(ready_page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.text())"))
    assert (manifest["start_url"], manifest["scope"]) == ("./", "./")  # relative: works under a sub-path
    assert manifest["display"] == "standalone"
    sizes = {}
    for icon in manifest["icons"]:
        data = (DIST / icon["src"]).read_bytes()
        if icon["type"] == "image/png":
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            sizes[icon["sizes"]] = "{}x{}".format(*struct.unpack(">II", data[16:24]))
    assert sizes == {"192x192": "192x192", "512x512": "512x512"}
    assert "sw.js" not in precache_list(DIST)["files"]  # browsers fetch the worker itself, never a cached copy
