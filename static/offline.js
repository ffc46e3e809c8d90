// Offline use: registers the page's service worker (dist/sw.js), says when the page works without a
// network (<html data-offline>: saving, ready, failed, unavailable) and offers a new version when one
// has been deployed ("Reload to update"). Plain JavaScript: it is about the browser, not the format.

const root = document.documentElement;
let reloading = false; // set when the admin asked for the new version

function setOffline(state, text) {
  root.dataset.offline = state;
  const badge = document.getElementById("offline");
  badge.hidden = !text;
  document.getElementById("offline-text").textContent = text || "";
}

function showVersion(version) {
  document.getElementById("version").textContent = `Version ${version}.`;
}

// Ask the controlling worker whether every file is in its cache; it answers with a "status" message.
function askStatus() {
  const worker = navigator.serviceWorker.controller;
  if (worker) {
    worker.postMessage("status");
  } else {
    setOffline("saving", "Saving the checker for offline use…");
  }
}

function offerUpdate(registration) {
  const banner = document.getElementById("update");
  banner.hidden = false;
  document.getElementById("update-reload").onclick = () => {
    if (registration.waiting) {
      reloading = true; // the reload happens once the new version controls the page
      registration.waiting.postMessage("skip-waiting");
    } else {
      location.reload();
    }
  };
}

// A worker installing while another controls the page is a new version: offer it once it is saved.
function watch(registration, worker) {
  worker.addEventListener("statechange", () => {
    if (worker.state === "installed" && navigator.serviceWorker.controller) offerUpdate(registration);
    if (worker.state === "redundant" && !navigator.serviceWorker.controller) {
      setOffline("failed", "Could not save the checker for offline use; it still works online.");
    }
  });
}

async function start() {
  const workers = navigator.serviceWorker;
  workers.addEventListener("message", (event) => {
    if (event.data && event.data.type === "status") {
      showVersion(event.data.version);
      if (event.data.complete) setOffline("ready", "Ready to work offline");
      else setOffline("saving", "Saving the checker for offline use…");
    }
  });
  workers.addEventListener("controllerchange", () => {
    if (reloading) location.reload();
    else askStatus();
  });
  askStatus();
  // Relative to the page, so the page works under any sub-path; the worker's scope is the page's folder.
  const registration = await workers.register("./sw.js");
  if (registration.waiting && workers.controller) offerUpdate(registration);
  if (registration.installing) watch(registration, registration.installing);
  registration.addEventListener("updatefound", () => watch(registration, registration.installing));
  // A page left open for days still hears of a new version when the admin comes back to it.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") registration.update().catch(() => {});
  });
}

// Registered once the page has loaded Python: the worker then copies the runtime from the browser's
// HTTP cache instead of downloading it a second time alongside the page.
function whenLoaded(then) {
  if (root.dataset.state !== "loading") return then();
  const observer = new MutationObserver(() => {
    if (root.dataset.state !== "loading") {
      observer.disconnect();
      then();
    }
  });
  observer.observe(root, {attributes: true, attributeFilter: ["data-state"]});
}

if (!("serviceWorker" in navigator)) {
  // Service workers need https (or localhost): over plain http the page works, online only.
  root.dataset.offline = "unavailable";
} else {
  whenLoaded(() => start().catch((error) => {
    console.warn("Offline use is not available:", error);
    setOffline("unavailable", "");
  }));
}
