// Runs the core's unit tests inside Pyodide (the page's Python, 3.14 on WebAssembly) under Node,
// to prove the core runs there unchanged. Usage: node tools/pyodide_pytest.mjs SITE_PACKAGES
// SITE_PACKAGES: a folder holding pytest (pure Python), such as the test virtualenv's.
import { loadPyodide } from "../node_modules/pyodide/pyodide.mjs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sitePackages = process.argv[2];
const pyodide = await loadPyodide();
for (const [host, mount] of [[root, "/repo"], [sitePackages, "/site"]]) {
  pyodide.FS.mkdirTree(mount);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: host }, mount);
}
// Not here: tests that start subprocesses (no processes in WebAssembly), hypothesis (it has a
// compiled part), and this test itself.
const exitCode = pyodide.runPython(`
import os, sys
sys.path[:0] = ["/repo/py", "/repo/tests", "/site"]
os.chdir("/repo")
print("Python", sys.version.split()[0], sys.platform)
import pytest
int(pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest", "tests",
                 "--ignore=tests/browser", "--ignore=tests/test_cli.py", "--ignore=tests/test_readme.py",
                 "--ignore=tests/test_properties.py", "--ignore=tests/test_pyodide.py",
                 "--ignore=tests/test_exports_data.py", "--ignore=tests/engines"]))
`);
process.exit(exitCode);
