// Precompiles Python for the page with the pinned Pyodide's own Python (the .pyc format is tied to its
// exact version: the host's CPython cannot write it). Two uses, one compiler:
//
//   node tools/precompile_stdlib.mjs IN_ZIP OUT_ZIP OUT_JSON            (tools/vendor.py, `make vendor`)
//     Pyodide's standard library: the npm package's python_stdlib.zip holds only .py files, which
//     Python compiles to bytecode at every page start (most of a later visit's boot). Each .py is
//     replaced by its .pyc: keeping the .py files measured no faster and costs 2.5 MB more (7.1 vs
//     4.5 MB); without them a traceback through the standard library shows file and line but not the
//     line's text. Then a second Pyodide boots from OUT_ZIP and must import modules from the .pycs.
//
//   node tools/precompile_stdlib.mjs --beside IN_ZIP OUT_ZIP OUT_JSON [PREFIX...]   (tools/build_dist.py)
//     Packages for PyScript's working directory (py.zip, unpacked into /home/pyodide): every .py is
//     kept, so tracebacks show its source lines, and its bytecode goes beside it where the import
//     system looks first (pkg/__pycache__/mod.cpython-314.pyc). Files under a PREFIX (PyScript's own
//     package, whose .py files PyScript writes itself at every start) get only their bytecode, as
//     checked-hash .pycs: Python hashes the source PyScript wrote and, should it differ, compiles that
//     source instead (slower, never wrong). Then a fresh Pyodide unpacks OUT_ZIP and checks every .pyc:
//     Pyodide's magic number, its flags, and the hash of the very source it was compiled from (so a
//     .pyc cannot be stale), and imports the core with compiling from source forbidden.
//
// Our .pycs are unchecked-hash (never compared with a source or a timestamp at import: the checks
// above are done once, here). Output is deterministic (entries in the original order and dates), with
// a JSON report (magic number, Python and Pyodide versions, count). Any error exits non-zero, so the
// build fails rather than ship plain or stale bytecode.
import { loadPyodide } from "../node_modules/pyodide/pyodide.mjs";
import fs from "node:fs";

const args = process.argv.slice(2);
const beside = args[0] === "--beside";
const [input, output, report, ...bytecodeOnly] = beside ? args.slice(1) : args;
if (!report) throw new Error("usage: node tools/precompile_stdlib.mjs [--beside] IN_ZIP OUT_ZIP OUT_JSON [PREFIX...]");
// Our packages compile with a precompiled standard library when one is given (boots faster).
const stdLibURL = process.env.PYODIDE_STDLIB || undefined;

const compiler = await loadPyodide(stdLibURL ? { stdLibURL } : {});
compiler.FS.writeFile("/tmp/in.zip", fs.readFileSync(input));
const info = compiler.runPython(`
import importlib.util, json, py_compile, sys, zipfile
beside = ${beside ? "True" : "False"}
bytecode_only = tuple(${JSON.stringify(bytecodeOnly)})
# Where the file will be at run time, so code objects name it as Python would: the standard library's
# zip as Pyodide mounts it; our packages in PyScript's working directory.
prefix = "/home/pyodide/" if beside else f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"
count = 0
with zipfile.ZipFile("/tmp/in.zip") as source, zipfile.ZipFile("/tmp/out.zip", "w", zipfile.ZIP_DEFLATED) as out:
    for item in source.infolist():
        data = source.read(item)
        theirs = item.filename.startswith(bytecode_only)
        if not item.filename.endswith(".py") or (beside and not theirs):
            out.writestr(item, data, zipfile.ZIP_DEFLATED)  # folders, data files; our .py files
        if not item.filename.endswith(".py"):
            continue
        with open("/tmp/m.py", "wb") as f:
            f.write(data)
        # optimize=-1: the interpreter's own level (Pyodide runs at 0, so plain .pyc is what it looks for)
        py_compile.compile("/tmp/m.py", cfile="/tmp/m.pyc", dfile=prefix + item.filename, doraise=True,
                           optimize=-1, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH if theirs
                           else py_compile.PycInvalidationMode.UNCHECKED_HASH)
        name = importlib.util.cache_from_source(item.filename) if beside else item.filename + "c"
        compiled = zipfile.ZipInfo(name, item.date_time)
        compiled.external_attr = item.external_attr
        with open("/tmp/m.pyc", "rb") as f:
            out.writestr(compiled, f.read(), zipfile.ZIP_DEFLATED)
        count += 1
json.dumps({"magic": importlib.util.MAGIC_NUMBER.hex(), "python": sys.version.split()[0],
            "optimize": sys.flags.optimize, "cache_tag": sys.implementation.cache_tag, "compiled": count})
`);
fs.writeFileSync(output, compiler.FS.readFile("/tmp/out.zip"));

// The check, in a fresh Pyodide on the new files.
const check = await loadPyodide(beside ? (stdLibURL ? { stdLibURL } : {}) : { stdLibURL: output });
let problems;
if (!beside) {
  // The page's standard-library modules are imported from bytecode.
  problems = check.runPython(`
import importlib, sys
names = ("csv", "re", "dataclasses", "json", "asyncio", "difflib", "zipfile", "traceback")
",".join(n for n in names if not importlib.import_module(n).__spec__.origin.endswith(".pyc"))
`);
} else {
  check.FS.writeFile("/tmp/in.zip", fs.readFileSync(input));
  check.FS.writeFile("/tmp/out.zip", compiler.FS.readFile("/tmp/out.zip"));
  problems = check.runPython(`
import importlib, importlib.machinery, importlib.util, os, pkgutil, sys, zipfile
bytecode_only = tuple(${JSON.stringify(bytecodeOnly)})
root = "/tmp/unpacked"
built = zipfile.ZipFile("/tmp/out.zip")
built.extractall(root)
problems = []
with zipfile.ZipFile("/tmp/in.zip") as given:
    sources = {name: given.read(name) for name in given.namelist() if name.endswith(".py")}
for name, source in sources.items():
    theirs = name.startswith(bytecode_only)
    cached = importlib.util.cache_from_source(name)
    if cached not in built.namelist():
        problems.append(f"no bytecode for {name}")
        continue
    if theirs:
        # PyScript writes these at start; here, as it would, for the import below.
        os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
        with open(os.path.join(root, name), "wb") as f:
            f.write(source)
    elif name not in built.namelist() or built.read(name) != source:
        problems.append(f"{name} is not shipped as given")
    header = built.read(cached)[:16]
    if header[:4] != importlib.util.MAGIC_NUMBER:
        problems.append(f"{cached}: magic {header[:4].hex()}")
    elif int.from_bytes(header[4:8], "little") != (0b11 if theirs else 0b01):  # hash-based, checked or not
        problems.append(f"{cached}: flags {header[4:8].hex()}")
    elif header[8:16] != importlib.util.source_hash(source):
        problems.append(f"{cached}: compiled from another source than {name}")
# Import the core (the page glue and PyScript's package need a browser) with compiling from source forbidden.
def refuse(self, data, path, **kwargs):
    raise ImportError(f"{path} was compiled from source: its .pyc was not used")
importlib.machinery.SourceFileLoader.source_to_code = refuse
sys.path.insert(0, root)
os.chdir(root)
import member_import
for module in pkgutil.iter_modules(member_import.__path__):
    if module.name != "__main__":
        importlib.import_module(f"member_import.{module.name}")
"; ".join(problems)
`);
}
const facts = { ...JSON.parse(info), pyodide: check.version };
if (problems) throw new Error(beside ? problems : `modules not loaded from .pyc: ${problems}`);
fs.writeFileSync(report, JSON.stringify(facts, null, 1) + "\n");
console.log(`precompiled ${facts.compiled} modules with Pyodide ${facts.pyodide} (Python ${facts.python}, magic ${facts.magic})`);
