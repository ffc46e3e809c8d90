// The page's one service worker: it keeps a copy of every file the page needs, so after one visit
// the page works with no network. tools/build_dist.py writes it to dist/sw.js (beside index.html, so
// its scope covers the page) with the precache list below filled in. It caches only those files,
// never anything a page sends or receives, so a member file can never end up in Cache Storage.

const PRECACHE = {"version": "dev", "files": []}; // replaced at build time

// Cache names carry the scope: two copies of the page on one origin (two sub-paths) keep their own.
const PREFIX = `member-import ${self.registration.scope} `;
const CACHE = PREFIX + PRECACHE.version;
const URLS = PRECACHE.files.map((file) => new URL(file, self.registration.scope).href);

// "no-cache" revalidates with the server: a file the page has just loaded comes back as a tiny 304
// from the HTTP cache, a changed one in full, so the copy always matches this version's list.
async function fetchInto(cache, url) {
  const response = await fetch(url, {cache: "no-cache", credentials: "same-origin"});
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  await cache.put(url, response);
}

async function precache() {
  const cache = await caches.open(CACHE);
  const missing = [];
  for (const url of URLS) if (!(await cache.match(url))) missing.push(url);
  await Promise.all(missing.map((url) => fetchInto(cache, url)));
}

// A new version installs beside the old one and waits; the page offers "Reload to update".
self.addEventListener("install", (event) => event.waitUntil(precache()));

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim(); // the first visit works offline without a reload
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") {
    self.skipWaiting();
  } else if (event.data === "status") {
    // Is every file still there? Fetch back what the browser may have evicted, then say.
    event.waitUntil(precache().then(() => true, () => false).then((complete) =>
      event.source.postMessage({type: "status", version: PRECACHE.version, complete})));
  }
});

// Cache first. Only the precached files are answered from the cache; anything else goes to the
// network as if this worker were not there (and is not stored).
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(self.registration.scope)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(request, {ignoreSearch: request.mode === "navigate"});
    if (hit) return hit;
    // The page asked for by its file name: the cached page.
    if (request.mode === "navigate" && request.url.split("?")[0] === self.registration.scope + "index.html") {
      const page = await cache.match(self.registration.scope);
      if (page) return page;
    }
    return fetch(request);
  })());
});
