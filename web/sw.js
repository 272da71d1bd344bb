// The service worker: caches the app, ONNX Runtime Web and the bundled models on the first visit,
// then serves them from the cache, so that the page works offline. The build (wasm/
// assemble_app.cmake) fills in the file list and a version hash of their contents; a new build
// makes a new cache and removes the old one.
const APP_VERSION = '@APP_VERSION@';
const APP_FILES = @APP_FILES@;
const CACHE = `tint-${APP_VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(APP_FILES);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys())
      if (key.startsWith('tint-') && key !== CACHE) await caches.delete(key);
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
