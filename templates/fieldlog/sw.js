// Peyman's service worker (served by fieldlog.views.service_worker at /sw.js, scope /).
// Static files are kept under their hashed names; the field page is answered from the cache only
// when the network fails; every other request goes to the network untouched, so no other page
// pretends to work offline. The queue itself lives in IndexedDB (static/js/fieldlog.js).
"use strict";
var VERSION = "{{ version }}";
var STATIC_CACHE = "peyman-static-" + VERSION;
var PAGE_CACHE = "peyman-field-pages";
var PRECACHE = {{ precache|safe }};
var FIELD_PAGES = {{ pages|safe }};
var OFFLINE = {{ offline|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      return cache.addAll(PRECACHE);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.map(function (name) {
        if (name.indexOf("peyman-static-") === 0 && name !== STATIC_CACHE) {
          return caches.delete(name);
        }
        return null;
      }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

function isFieldPage(url) {
  return url.origin === self.location.origin && FIELD_PAGES.indexOf(url.pathname) !== -1;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (PRECACHE.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(url.pathname).then(function (hit) {
      return hit || fetch(request);
    }));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).then(function (response) {
      if (isFieldPage(url) && response.ok && !response.redirected) {
        var copy = response.clone();
        caches.open(PAGE_CACHE).then(function (cache) { cache.put(url.pathname, copy); });
      }
      return response;
    }).catch(function () {
      var page = isFieldPage(url) ? caches.match(url.pathname, { cacheName: PAGE_CACHE }) : Promise.resolve(null);
      return page.then(function (hit) {
        return hit || caches.match(OFFLINE);
      });
    }));
  }
});

// Background Sync only as a bonus where it exists (Chromium): wake any open field page to send.
self.addEventListener("sync", function (event) {
  if (event.tag === "peyman-send") {
    event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (clients) {
      clients.forEach(function (client) { client.postMessage({ type: "send" }); });
    }));
  }
});
