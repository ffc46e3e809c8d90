// The page's inbox: takes a file (picker, drop anywhere, paste) from the first paint on, before
// Python has booted, and hands it to the Python glue (py/page/app.py) once that connects. The members
// file to compare with (picker, or a drop on its box) has a slot of its own (py/page/comparing.py).
// Plain JavaScript only because it must run before Python exists; it knows nothing about the format.

const queue = [];
let handler = null;
const membersQueue = [];
let membersHandler = null;

function statusText(text) {
  const element = document.getElementById("status-text");
  if (element) element.textContent = text;
}

function put(file, text, name) {
  if (handler) {
    handler(file, text, name);
    return;
  }
  queue.length = 0; // only the latest choice counts
  queue.push([file, text, name]);
  statusText(`Got ${name}. It will be checked as soon as the checker has loaded…`);
}

function putMembers(file, text, name) {
  if (membersHandler) {
    membersHandler(file, name);
    return;
  }
  membersQueue.length = 0;
  membersQueue.push([file, name]);
  statusText(`Got ${name}, the members to compare with. It will be read as soon as the checker has loaded…`);
}

window.memberImportInbox = {
  // Called by Python when it is ready: delivers what arrived while it loaded, then every new input.
  connect(fn) {
    handler = fn;
    for (const [file, text, name] of queue.splice(0)) fn(file, text, name);
  },
  connectMembers(fn) {
    membersHandler = fn;
    for (const [file, name] of membersQueue.splice(0)) fn(file, name);
  },
};

function fromFileList(files, to = put) {
  if (files && files.length > 0) {
    const file = files.item(0);
    to(file, undefined, file.name);
    return true;
  }
  return false;
}

function wire() {
  const input = document.getElementById("file");
  input.addEventListener("change", () => {
    if (fromFileList(input.files)) input.value = ""; // choosing the same file again still counts
  });
  const membersInput = document.getElementById("members-file");
  membersInput.addEventListener("change", () => {
    if (fromFileList(membersInput.files, putMembers)) membersInput.value = "";
  });

  // Drop anywhere: without preventDefault the browser would open the file and the page be lost. A drop
  // on the members box is the members file.
  let depth = 0;
  const root = document.documentElement;
  const carriesFiles = (event) => Boolean(event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files"));
  const onMembers = (event) => Boolean(event.target && event.target.closest && event.target.closest("#members"));
  window.addEventListener("dragenter", (event) => {
    event.preventDefault();
    depth += 1;
    if (carriesFiles(event)) root.classList.add("dragging"); // not for text dragged within the page
  });
  window.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) root.classList.remove("dragging", "dragging-members");
  });
  window.addEventListener("dragover", (event) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    root.classList.toggle("dragging-members", onMembers(event));
  });
  window.addEventListener("drop", (event) => {
    event.preventDefault();
    depth = 0;
    root.classList.remove("dragging", "dragging-members");
    if (event.dataTransfer) fromFileList(event.dataTransfer.files, onMembers(event) ? putMembers : put);
  });

  // Paste anywhere outside a text field: a copied file, or CSV text copied from a spreadsheet.
  document.addEventListener("paste", (event) => {
    const target = event.target;
    if (target && (target.closest("textarea, input, select, [contenteditable]"))) return;
    const data = event.clipboardData;
    if (!data) return;
    if (fromFileList(data.files)) {
      event.preventDefault();
      return;
    }
    const text = data.getData("text/plain");
    if (text && text.trim()) {
      event.preventDefault();
      put(undefined, text, "pasted.csv");
    }
  });

  // The example file is one of the page's own files: fetched from this site, then checked like any other.
  document.getElementById("try-example").addEventListener("click", async () => {
    const link = document.querySelector("[data-testid=download-example]");
    const response = await fetch(link.href);
    if (!response.ok) {
      statusText("The example file could not be loaded from this site.");
      return;
    }
    const name = link.getAttribute("download");
    put(new File([await response.blob()], name, {type: "text/csv"}), undefined, name);
  });

  const pasteBox = document.getElementById("paste-text");
  document.getElementById("paste-check").addEventListener("click", () => {
    if (pasteBox.value.trim()) {
      put(undefined, pasteBox.value, "pasted.csv");
    } else {
      statusText("Paste the CSV text into the box first.");
      pasteBox.focus();
    }
  });
}

// How long the start takes depends on the browser's engine (measured: docs/engines.md). WebKit (Safari, and
// every browser on an iPhone or iPad) starts Python 2-4 times slower than Chromium and Firefox, 15-30 s, and
// no faster on later visits: it keeps no compiled WebAssembly between visits. Chromium's UA names WebKit too.
const agent = navigator.userAgent;
const webkit = /AppleWebKit\//.test(agent) && !/(Chrome|Chromium|Edg)\//.test(agent);
const EXPECTED = webkit ? "In this browser that takes up to half a minute." : "The first visit takes a few seconds.";
const STILL_LOADING_MS = webkit ? 90000 : 30000; // about three times the engine's usual start
if (webkit) statusText(`Loading the checker… ${EXPECTED}`);

// A slow link or an old computer: say that the wait is expected, rather than leave a silent spinner.
const STILL_LOADING = "This can take a minute or two on a slow connection. If nothing changes, reload the page.";
let late = false;
setTimeout(() => {
  late = true;
  if (!handler) statusText(`Still loading the checker… ${STILL_LOADING}`);
}, STILL_LOADING_MS);

// PyScript reports its boot steps; show them so a slow first visit visibly moves.
window.addEventListener("py:progress", (event) => {
  if (handler || queue.length || typeof event.detail !== "string") return;
  const step = event.detail.toLowerCase();
  statusText(late ? `Still loading the checker: ${step}… ${STILL_LOADING}` : `Loading the checker: ${step}… ${EXPECTED}`);
});

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", wire);
} else {
  wire();
}
