// The service worker: caches the page's files on the first visit (the app, ONNX Runtime Web, the
// models and the examples), then serves them from the cache, so that the page works offline.
// precache.js, written with the page (wasm/assemble_app.cmake or `tint share`), lists the files and
// a version hash of their contents; a new version makes a new cache and removes the old one. The
// browser compares imported scripts too when it checks for an update, so a new list is seen.
importScripts('precache.js');
// Pages at different paths of one origin share its caches: each keeps to its own scope's.
const CACHE_PREFIX = `tint ${self.registration.scope} `;
const CACHE = CACHE_PREFIX + self.APP_VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(self.APP_FILES);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys())
      // (tint-<version>: the single cache of builds before per-scope caches)
      if ((key.startsWith(CACHE_PREFIX) && key !== CACHE) || key.startsWith('tint-')) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cached = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
    return cached ?? fetch(request);
  })());
});
