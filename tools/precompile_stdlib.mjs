// Precompiles Pyodide's standard library: the npm package's python_stdlib.zip holds only .py files,
// which Python compiles to bytecode at every page start (most of a later visit's boot). Run by
// tools/vendor.py at `make vendor`:  node tools/precompile_stdlib.mjs IN_ZIP OUT_ZIP OUT_JSON
// The pinned Pyodide's own Python compiles (the .pyc format is tied to its exact version), into
// unchecked-hash .pycs (never compared with a source or a timestamp), each in place of its .py:
// keeping the .py files measured no faster and costs 2.5 MB more (7.1 vs 4.5 MB); without them a
// traceback through the standard library shows file and line but not the line's text (our own
// modules, in py.zip, keep their source). Deterministic: entries in the original order and dates.
// Then a second Pyodide boots from OUT_ZIP and must import modules from the .pycs; any error
// exits non-zero, so the build fails rather than shipping the plain zip.
import { loadPyodide } from "../node_modules/pyodide/pyodide.mjs";
import fs from "node:fs";

const [input, output, report] = process.argv.slice(2);
if (!report) throw new Error("usage: node tools/precompile_stdlib.mjs IN_ZIP OUT_ZIP OUT_JSON");

const compiler = await loadPyodide();
compiler.FS.writeFile("/tmp/in.zip", fs.readFileSync(input));
const info = compiler.runPython(`
import importlib.util, json, py_compile, sys, zipfile
# Where Pyodide mounts the zip: compiled file names match what Python would give the sources.
prefix = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"
count = 0
with zipfile.ZipFile("/tmp/in.zip") as source, zipfile.ZipFile("/tmp/out.zip", "w", zipfile.ZIP_DEFLATED) as out:
    for item in source.infolist():
        data = source.read(item)
        if not item.filename.endswith(".py"):
            out.writestr(item, data, zipfile.ZIP_DEFLATED)  # folders, and the few data files
        else:
            with open("/tmp/m.py", "wb") as f:
                f.write(data)
            # optimize=-1: the interpreter's own level (Pyodide runs at 0, so plain .pyc is what it looks for)
            py_compile.compile("/tmp/m.py", cfile="/tmp/m.pyc", dfile=prefix + item.filename, doraise=True,
                               optimize=-1, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            compiled = zipfile.ZipInfo(item.filename + "c", item.date_time)
            compiled.external_attr = item.external_attr
            with open("/tmp/m.pyc", "rb") as f:
                out.writestr(compiled, f.read(), zipfile.ZIP_DEFLATED)
            count += 1
json.dumps({"magic": importlib.util.MAGIC_NUMBER.hex(), "python": sys.version.split()[0],
            "optimize": sys.flags.optimize, "compiled": count})
`);
fs.writeFileSync(output, compiler.FS.readFile("/tmp/out.zip"));

// The check: a fresh Pyodide on the new zip imports the page's standard-library modules from bytecode.
const check = await loadPyodide({ stdLibURL: output });
const notCompiled = check.runPython(`
import importlib, sys
names = ("csv", "re", "dataclasses", "json", "asyncio", "difflib", "zipfile", "traceback")
",".join(n for n in names if not importlib.import_module(n).__spec__.origin.endswith(".pyc"))
`);
const facts = { ...JSON.parse(info), pyodide: check.version };
if (notCompiled) throw new Error(`modules not loaded from .pyc: ${notCompiled}`);
fs.writeFileSync(report, JSON.stringify(facts, null, 1) + "\n");
console.log(`precompiled ${facts.compiled} modules with Pyodide ${facts.pyodide} (Python ${facts.python}, magic ${facts.magic})`);
