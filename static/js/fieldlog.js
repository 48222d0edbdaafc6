// Field logging without a network (fieldlog): the device's queue of entries and their files.
//
// Records live in IndexedDB, bound to the user who made them (another user of the same phone sees
// none of them), with a state the person can read: waiting, sending, sent, or needs attention with
// the server's reason. They are sent one at a time, on page load, on coming online, when the page
// becomes visible, every minute when due and on "send now", with back-off after a failure. Each
// record carries its submission_key from the moment it is made, and the server answers a resend
// with the saved entry, so a cut connection never makes a second entry; files go one by one, keyed
// by their SHA-256, and only the ones the server still expects are sent.
// Loaded on every page (the header's badge and sending); the form exists on the field page only.
(function () {
  "use strict";
  if (!window.indexedDB || !window.fetch || !window.Promise) {
    return;
  }
  var lang = document.documentElement.lang || "fa";
  var persian = lang === "fa";
  var prefix = persian ? "" : "/" + lang;
  var header = document.querySelector("[data-field-user]");
  var pageUser = header ? header.getAttribute("data-field-user") : "";
  var app = document.querySelector("[data-field-app]");
  // Who the queue and the kit belong to: the person the server says is signed in. Every page but the
  // field page comes from the server, so its header says who that is now, and it is remembered here.
  // The field page may be a kept copy (the worker answers it from its cache with no network), made
  // for whoever was signed in then: a shared phone whose session expired may since have been signed
  // in by someone else. So the field page binds to the last person the server named, asks the server
  // (/field/api/session) before it shows anything, and binds again to whoever it names.
  // Kept in IndexedDB beside the kits (under a key no user id can be), which a browser closed at
  // once still has on disk, where localStorage may not have been written yet.
  var SIGNED_IN = "@signed-in";
  function remembered() {
    return db().then(function (base) {
      return asPromise(base.transaction("kits").objectStore("kits").get(SIGNED_IN));
    }).then(function (kept) { return kept ? kept.id : ""; }, function () { return ""; });
  }
  function remember(id) {
    return run(["kits"], "readwrite", function (t) { t.objectStore("kits").put({ user: SIGNED_IN, id: id }); })
      .catch(function () {});
  }
  var user = pageUser;
  var stringsNode = document.getElementById("field-strings");
  var T = stringsNode ? JSON.parse(stringsNode.textContent) : {};
  var MAX_SIDE = 1600;
  var INTERVAL = 60 * 1000;
  var BACKOFF_START = 5 * 1000;
  var BACKOFF_MAX = 10 * 60 * 1000;
  var FORM_VERSION = 1;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "send") {
        drain(false);
      }
    });
  }

  // Signing out: the field page kept for this user is dropped (the records stay, bound to the user).
  Array.prototype.forEach.call(document.querySelectorAll("form[action$='/accounts/logout/']"), function (form) {
    form.addEventListener("submit", function () {
      remember("");
      if (window.caches) {
        caches.delete("peyman-field-pages");
      }
    });
  });

  function format(text, params) {
    return String(text || "").replace(/%\((\w+)\)s/g, function (all, name) {
      return params && params[name] !== undefined ? params[name] : all;
    });
  }
  function number(value) {
    return new Intl.NumberFormat(persian ? "fa-IR" : "en-GB").format(value);
  }
  function when(value) {
    var options = { year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" };
    return new Intl.DateTimeFormat(persian ? "fa-IR-u-ca-persian" : "en-GB", options).format(new Date(value));
  }
  function day(value) {
    var options = { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" };
    return new Intl.DateTimeFormat(persian ? "fa-IR-u-ca-persian" : "en-GB", options).format(new Date(value + "T00:00:00Z"));
  }

  // IndexedDB ------------------------------------------------------------------------------
  var dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open("peyman-field", 1);
        request.onupgradeneeded = function () {
          var base = request.result;
          base.createObjectStore("records", { keyPath: "key" }).createIndex("user", "user");
          base.createObjectStore("files", { keyPath: ["key", "sha256"] });
          base.createObjectStore("kits", { keyPath: "user" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }
  function run(stores, mode, work) {
    return db().then(function (base) {
      return new Promise(function (resolve, reject) {
        var transaction = base.transaction(stores, mode);
        var result;
        transaction.oncomplete = function () { resolve(result); };
        transaction.onerror = function () { reject(transaction.error); };
        transaction.onabort = function () { reject(transaction.error); };
        result = work(transaction);
      });
    });
  }
  function asPromise(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function records() {
    if (!user) {
      return Promise.resolve([]);
    }
    return db().then(function (base) {
      var index = base.transaction("records").objectStore("records").index("user");
      return asPromise(index.getAll(user));
    }).then(function (list) {
      return list.sort(function (a, b) { return a.created - b.created; });
    });
  }
  function putRecord(record) {
    return run(["records"], "readwrite", function (t) { t.objectStore("records").put(record); });
  }
  function getFile(key, sha256) {
    return db().then(function (base) {
      return asPromise(base.transaction("files").objectStore("files").get([key, sha256]));
    });
  }
  function dropFiles(record) {
    return run(["files"], "readwrite", function (t) {
      record.files.forEach(function (file) { t.objectStore("files").delete([record.key, file.sha256]); });
    });
  }
  function kit() {
    return db().then(function (base) { return asPromise(base.transaction("kits").objectStore("kits").get(user)); });
  }
  if (!app && pageUser) {
    remember(pageUser);
  }

  // Talking to the server --------------------------------------------------------------------
  function SignedOut() {}
  function Offline() {}
  function Rebound() {} // someone else is signed in now: the queue changed hands, this record waits
  var csrf = null;
  var confirmedAt = 0;
  var signedOut = false;

  // Ask the server who is signed in (and for a CSRF token); bind the queue and the kit to them.
  // Resolves true when someone is signed in, false when nobody is (the records stay, bound as they were).
  function whoIsSignedIn() {
    return fetch(prefix + "/field/api/session", { credentials: "same-origin", cache: "no-store" }).then(
      function (response) {
        if (response.status === 401) {
          csrf = null;
          signedOut = true;
          return false;
        }
        if (!response.ok) {
          throw new Offline();
        }
        return response.json().then(function (data) {
          var id = String(data.user);
          remember(id);
          csrf = data.csrf_token;
          confirmedAt = Date.now();
          signedOut = false;
          return bind(id).then(function () { return true; });
        });
      },
      function () { throw new Offline(); }
    );
  }
  function token() {
    if (csrf) {
      return Promise.resolve(csrf);
    }
    var bound = user;
    return whoIsSignedIn().then(function (signedIn) {
      if (!signedIn) {
        throw new SignedOut();
      }
      if (user !== bound) {
        throw new Rebound(); // never send one person's records under another's session
      }
      return csrf;
    });
  }
  function call(method, path, body, headers, retried) {
    return token().then(function (value) {
      var options = {
        method: method,
        body: body,
        credentials: "same-origin",
        cache: "no-store",
        redirect: "manual",
        headers: Object.assign({ "X-CSRFToken": value, Accept: "application/json" }, headers || {}),
      };
      return fetch(prefix + path, options).catch(function () { throw new Offline(); });
    }).then(function (response) {
      if (response.status === 401 || response.type === "opaqueredirect") {
        csrf = null;
        throw new SignedOut();
      }
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 403 && data.error === "csrf" && !retried) {
          csrf = null; // a new session has a new token: fetch it once, then go on
          return call(method, path, body, headers, true);
        }
        if (data.error === "other_user") {
          csrf = null; // the server serves someone else now: ask who, and bind to them
          throw new Rebound();
        }
        return { status: response.status, data: data };
      });
    });
  }

  function attention(record, data) {
    record.state = "attention";
    record.code = data.error || "error";
    var details = [];
    Object.keys(data.fields || {}).forEach(function (name) { details = details.concat(data.fields[name]); });
    details = details.concat(data.messages || []);
    record.reason = [data.reason || ""].concat(details).join(" ");
    return putRecord(record);
  }

  function sendRecord(record) {
    // Who is signed in is asked first: a record is shown as sending only once it really can be sent
    // (signed out, it stays waiting; the page never shows both "sending" and "sign in again").
    return token().then(function () {
      record.state = "sending";
      return putRecord(record);
    }).then(render).then(function () {
      var payload = {
        submission_key: record.key,
        user: record.user,
        form_version: record.form_version,
        agreement: record.agreement,
        commitment: record.commitment,
        fields: record.fields,
        device_time: record.device_time,
        device_sent_at: new Date().toISOString(),
        location: record.location || null,
        files: record.files.map(function (file) { return { sha256: file.sha256, name: file.name, size: file.size }; }),
      };
      return call("POST", "/field/api/entries/", JSON.stringify(payload), { "Content-Type": "application/json" });
    }).then(function (answer) {
      if (answer.status === 200 || answer.status === 201) {
        record.entry_url = answer.data.url;
        return sendFiles(record, answer.data.missing || []);
      }
      if (answer.status >= 400 && answer.status < 500) {
        return attention(record, answer.data).then(function () { return false; });
      }
      throw new Offline(); // the server is not well: try again later
    });
  }

  function sendFiles(record, missing) {
    if (!missing.length) {
      record.state = "sent";
      record.sent_at = Date.now();
      record.reason = "";
      return putRecord(record).then(function () { return dropFiles(record); }).then(function () { return true; });
    }
    var sha256 = missing[0];
    return getFile(record.key, sha256).then(function (stored) {
      if (!stored) {
        return attention(record, { error: "file_lost", reason: "?" }).then(function () { return false; });
      }
      var headers = { "Content-Type": stored.type || "application/octet-stream" };
      var path = "/field/api/entries/" + record.key + "/files/" + sha256;
      return call("PUT", path, stored.blob, headers).then(function (answer) {
        if (answer.status === 200 || answer.status === 201) {
          return sendFiles(record, answer.data.missing || missing.slice(1));
        }
        if (answer.status === 422 && answer.data.error === "hash_mismatch") {
          throw new Offline(); // damaged on the way: send it again later
        }
        if (answer.status >= 400 && answer.status < 500) {
          return attention(record, answer.data).then(function () { return false; });
        }
        throw new Offline();
      });
    });
  }

  var draining = false;
  function drain(force, again) {
    if (draining || !user) {
      return Promise.resolve();
    }
    draining = true;
    var rebound = false;
    // Each round of sending asks the server again who is signed in (one small request, and only
    // when something is due), unless it said so a moment ago.
    if (Date.now() - confirmedAt > 5000) {
      csrf = null;
    }
    function next() {
      return records().then(function (list) {
        var now = Date.now();
        var due = list.filter(function (record) {
          return (record.state === "waiting" || record.state === "sending") && (force || !(record.next_try > now));
        });
        if (!due.length || (!navigator.onLine && !force)) {
          return null;
        }
        var record = due[0];
        return sendRecord(record).then(function () {
          return next();
        }, function (error) {
          record.state = "waiting";
          if (error instanceof Rebound) {
            rebound = true;
            return putRecord(record);
          }
          if (error instanceof SignedOut) {
            signedOut = true;
            return putRecord(record);
          }
          record.attempts = (record.attempts || 0) + 1;
          record.next_try = now + Math.min(BACKOFF_MAX, BACKOFF_START * Math.pow(2, record.attempts - 1));
          return putRecord(record);
        });
      });
    }
    if (force) {
      signedOut = false;
    }
    return next().catch(function () {}).then(function () {
      draining = false;
      return rebound && !again ? drain(force, true) : render(); // the new person's records, if any are due
    });
  }

  // Showing the queue --------------------------------------------------------------------------
  function badge(list) {
    var unsent = list.filter(function (record) { return record.state !== "sent"; }).length;
    Array.prototype.forEach.call(document.querySelectorAll("[data-field-badge]"), function (node) {
      node.hidden = unsent === 0;
      node.querySelector("[data-field-badge-count]").textContent = number(unsent);
    });
    return unsent;
  }

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") {
        node.textContent = attributes[name];
      } else {
        node.setAttribute(name, attributes[name]);
      }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function render() {
    return records().then(function (list) {
      var unsent = badge(list);
      if (!app) {
        return;
      }
      var network = app.querySelector("[data-field-network]");
      network.textContent = navigator.onLine ? T.online : T.offline;
      network.className = navigator.onLine ? "field-online" : "field-offline";
      app.querySelector("[data-field-signed-out]").hidden = !signedOut;
      var queue = document.querySelector("[data-field-queue]");
      queue.hidden = false;
      var summary = queue.querySelector("[data-field-summary]");
      summary.textContent = list.length ? format(T.summary, { unsent: number(unsent), sent: number(list.length - unsent) }) : T.none;
      var holder = queue.querySelector("[data-field-records]");
      holder.textContent = "";
      list.slice().reverse().forEach(function (record) { holder.appendChild(recordCard(record)); });
    });
  }

  var BADGES = { waiting: "badge-amber", sending: "badge-blue", sent: "badge-green", attention: "badge-red" };
  function recordCard(record) {
    var title = element("h3", { class: "field-record-title" }, [
      element("span", { dir: "ltr", text: record.commitment }),
      document.createTextNode(" · " + day(record.fields.happened_on) + " "),
      element("span", { class: "badge " + BADGES[record.state], "data-field-state": record.state, text: T[record.state] }),
    ]);
    var parts = [title, element("p", { dir: "auto", class: "field-record-text", text: record.fields.narrative })];
    var facts = format(T.recorded, { when: when(record.created) });
    if (record.files.length) {
      facts += " · " + format(T.files, { count: number(record.files.length) });
    }
    if (record.state === "waiting" && record.next_try > Date.now()) {
      facts += " · " + format(T.next_try, { when: when(record.next_try) });
    }
    parts.push(element("p", { class: "muted", text: facts }));
    if (record.state === "attention") {
      parts.push(element("p", { class: "field-reason", role: "alert", "data-field-reason": record.code, text: record.reason }));
      var actions = element("p", { class: "field-actions" });
      actions.appendChild(button(T.retry, function () { retry(record); }));
      actions.appendChild(button(T.edit, function () { edit(record); }));
      actions.appendChild(button(T.discard, function () { discard(record); }, "danger"));
      parts.push(actions);
    }
    if (record.state === "sent" && record.entry_url) {
      parts.push(element("p", {}, [element("a", { href: prefix + record.entry_url.replace(/^\/en(?=\/)/, ""), text: T.see_entry })]));
    }
    return element("li", { class: "card field-record", "data-field-record": record.key }, parts);
  }
  function button(label, action, kind) {
    var node = element("button", { type: "button", class: "button small" + (kind ? " " + kind : ""), text: label });
    node.addEventListener("click", action);
    return node;
  }
  function retry(record) {
    record.state = "waiting";
    record.attempts = 0;
    record.next_try = 0;
    putRecord(record).then(function () { return drain(true); });
  }
  function discard(record) {
    if (!window.confirm(T.discard_confirm)) {
      return;
    }
    run(["records", "files"], "readwrite", function (t) {
      t.objectStore("records").delete(record.key);
      record.files.forEach(function (file) { t.objectStore("files").delete([record.key, file.sha256]); });
    }).then(render);
  }

  // The form on the field page -----------------------------------------------------------------
  var form = document.querySelector("[data-field-form]");
  var editing = null;
  var location = null;
  var kept = [];

  function fillForm(data) {
    var select = form.elements.commitment;
    select.textContent = "";
    (data.agreements || []).forEach(function (agreement) {
      var group = element("optgroup", { label: agreement.title });
      agreement.commitments.forEach(function (commitment) {
        var option = element("option", { value: agreement.reference + "|" + commitment.number, text: commitment.number + " · " + commitment.text.slice(0, 90) });
        group.appendChild(option);
      });
      select.appendChild(group);
    });
    chosen(data);
    var prepared = app.querySelector("[data-field-prepared]");
    var count = (data.agreements || []).reduce(function (sum, agreement) { return sum + agreement.commitments.length; }, 0);
    form.hidden = count === 0;
    prepared.textContent = count ? format(T.prepared, { when: when(data.prepared_at), count: number(count) }) : T.nothing_to_log;
  }
  function chosen(data) {
    var value = (form.elements.commitment.value || "|").split("|");
    var agreement = (data.agreements || []).filter(function (item) { return item.reference === value[0]; })[0];
    if (!agreement) {
      return;
    }
    var commitment = agreement.commitments.filter(function (item) { return item.number === value[1]; })[0];
    var county = form.elements.county;
    var current = county.value;
    while (county.options.length > 1) {
      county.remove(1);
    }
    agreement.counties.forEach(function (item) { county.appendChild(element("option", { value: String(item.id), text: item.name })); });
    county.value = current;
    form.querySelector("[data-field-quantity]").hidden = !(commitment && commitment.measures_quantity);
    form.querySelector("[data-field-unit]").textContent = (commitment && commitment.unit) || "";
    if (persian && dates) {
      // The Jalali picker's bounds (static/js/datepicker.js reads them as it opens); checked again on saving.
      var date = form.elements.happened_on;
      date.setAttribute("data-jdp-min-date", dates.formatJalali(agreement.signed_on));
      date.setAttribute("data-jdp-max-date", dates.formatJalali(today()));
    }
  }

  // The date of the work, typed as on the plain log form: Jalali in Persian (any digits, / - . ٫
  // between the parts), ISO in English; read here by the server's rules (static/js/jalali.js), since
  // there may be no server to ask. Kept in the record as ISO, which the endpoint reads in every language.
  var dates = window.peymanDates;
  function today() {
    var now = new Date();
    return now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
  }
  function shownDate(iso) {
    if (!iso || !dates) {
      return iso || "";
    }
    return persian ? dates.persianDigits(dates.formatJalali(iso)) : iso;
  }
  function digits(params) {
    var shown = {};
    Object.keys(params).forEach(function (name) { shown[name] = persian ? dates.persianDigits(params[name]) : params[name]; });
    return shown;
  }
  // {iso} or {error: the reason, in the reader's language}.
  function readDate(text, agreement) {
    var read = dates.parse(text, persian);
    if (read.error) {
      return { error: format(T.date_errors[read.error], digits(read.params)) };
    }
    if (read.iso > today()) {
      return { error: T.date_future };
    }
    if (agreement && read.iso < agreement.signed_on) {
      return { error: format(T.date_before_signing, { date: shownDate(agreement.signed_on) }) };
    }
    return read;
  }
  function chosenAgreement() {
    var reference = (form.elements.commitment.value || "|").split("|")[0];
    return ((currentKit && currentKit.agreements) || []).filter(function (item) { return item.reference === reference; })[0];
  }
  function showDate() {
    var box = form.elements.happened_on;
    var note = form.querySelector("[data-field-date-shown]");
    var read = box.value.trim() && dates ? readDate(box.value, chosenAgreement()) : null;
    note.textContent = read && read.iso ? day(read.iso) : "";
    note.classList.toggle("field-date-error", !!(read && read.error));
    if (read && read.error) {
      note.textContent = read.error;
    }
    box.setAttribute("aria-invalid", read && read.error ? "true" : "false");
  }
  function resetDate() {
    form.elements.happened_on.value = shownDate(today());
    showDate();
  }

  function resize(file) {
    if (!/^image\/(jpeg|png)$/.test(file.type) || !window.createImageBitmap) {
      return Promise.resolve({ blob: file, name: file.name, type: file.type });
    }
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.size < 1024 * 1024) {
        return { blob: file, name: file.name, type: file.type };
      }
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve({ blob: blob, name: file.name.replace(/\.[^.]*$/, "") + ".jpg", type: "image/jpeg" });
        }, "image/jpeg", 0.85);
      });
    });
  }
  function sha256(blob) {
    return blob.arrayBuffer().then(function (buffer) { return crypto.subtle.digest("SHA-256", buffer); }).then(function (digest) {
      return Array.prototype.map.call(new Uint8Array(digest), function (byte) { return ("0" + byte.toString(16)).slice(-2); }).join("");
    });
  }
  function uuid4() {
    if (crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (byte) { return ("0" + byte.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function save(event) {
    event.preventDefault();
    var error = form.querySelector("[data-field-form-error]");
    error.hidden = true;
    var elements = form.elements;
    var chosenValue = (elements.commitment.value || "").split("|");
    if (!elements.commitment.value || !elements.happened_on.value.trim() || !elements.narrative.value.trim()) {
      error.textContent = T.required;
      error.hidden = false;
      return;
    }
    var happened = readDate(elements.happened_on.value, chosenAgreement());
    if (happened.error) {
      error.textContent = happened.error;
      error.hidden = false;
      showDate();
      elements.happened_on.focus();
      return;
    }
    var files = Array.prototype.slice.call(elements.evidence.files || []);
    var max = (currentKit && currentKit.max_files) || 10;
    if (files.length + kept.length > max) {
      error.textContent = format(T.too_many_files, { max: number(max) });
      error.hidden = false;
      return;
    }
    var key = uuid4();
    Promise.all(files.map(resize)).then(function (resized) {
      return Promise.all(resized.map(function (item) {
        return sha256(item.blob).then(function (hash) { item.sha256 = hash; return item; });
      }));
    }).then(function (prepared) {
      var unique = {};
      prepared = prepared.concat(kept).filter(function (item) {
        if (unique[item.sha256]) { return false; }
        unique[item.sha256] = true;
        return true;
      });
      var record = {
        key: key,
        user: user,
        agreement: chosenValue[0],
        commitment: chosenValue[1],
        form_version: FORM_VERSION,
        fields: {
          happened_on: happened.iso,
          reported_status: elements.reported_status.value,
          percent_complete: elements.percent_complete.value,
          quantity: form.querySelector("[data-field-quantity]").hidden ? "" : elements.quantity.value,
          narrative: elements.narrative.value,
          county: elements.county.value,
          village: elements.village.value,
        },
        device_time: new Date().toISOString(),
        created: Date.now(),
        location: location,
        files: prepared.map(function (item) { return { sha256: item.sha256, name: item.name, size: item.blob.size, type: item.type }; }),
        state: "waiting",
        attempts: 0,
        next_try: 0,
        reason: "",
      };
      var replaced = editing;
      return run(["records", "files"], "readwrite", function (t) {
        t.objectStore("records").put(record);
        prepared.forEach(function (item) {
          t.objectStore("files").put({ key: key, sha256: item.sha256, blob: item.blob, name: item.name, type: item.type });
        });
        if (replaced) {
          t.objectStore("records").delete(replaced.key);
          replaced.files.forEach(function (file) { t.objectStore("files").delete([replaced.key, file.sha256]); });
        }
      });
    }).then(function () {
      form.reset();
      editing = null;
      kept = [];
      location = null;
      form.querySelector("[data-field-editing]").hidden = true;
      form.querySelector("[data-field-location]").textContent = T.saved;
      form.querySelector("[data-field-files]").textContent = "";
      resetDate();
      if ("serviceWorker" in navigator) {
        navigator.serviceWorker.ready.then(function (registration) {
          if (registration.sync) {
            registration.sync.register("peyman-send").catch(function () {});
          }
        });
      }
      return render().then(function () { return drain(false); });
    }).catch(function () {
      error.textContent = T.storage_full;
      error.hidden = false;
    });
  }

  function edit(record) {
    editing = record;
    var elements = form.elements;
    elements.commitment.value = record.agreement + "|" + record.commitment;
    elements.commitment.dispatchEvent(new Event("change"));
    Object.keys(record.fields).forEach(function (name) {
      if (elements[name]) {
        elements[name].value = name === "happened_on" ? shownDate(record.fields[name]) : record.fields[name];
      }
    });
    location = record.location || null;
    Promise.all(record.files.map(function (file) { return getFile(record.key, file.sha256); })).then(function (stored) {
      kept = stored.filter(Boolean).map(function (item) { return { blob: item.blob, name: item.name, type: item.type, sha256: item.sha256 }; });
      var list = form.querySelector("[data-field-files]");
      list.textContent = "";
      kept.forEach(function (item) { list.appendChild(element("li", { dir: "auto", text: item.name })); });
    });
    form.querySelector("[data-field-editing]").hidden = false;
    showDate();
    elements.narrative.focus();
  }

  function locate() {
    var note = form.querySelector("[data-field-location]");
    if (!navigator.geolocation) {
      note.textContent = T.locate_failed;
      return;
    }
    navigator.geolocation.getCurrentPosition(function (position) {
      location = { latitude: position.coords.latitude, longitude: position.coords.longitude, accuracy: position.coords.accuracy };
      note.textContent = format(T.located, { metres: number(Math.round(position.coords.accuracy)) });
    }, function () {
      note.textContent = T.locate_failed;
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
  }

  var currentKit = null;
  function prepare() {
    var prepared = app.querySelector("[data-field-prepared]");
    fetch(prefix + "/field/api/kit", { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    }).then(function (data) {
      data.user = String(data.user);
      // The kit is the signed-in person's, whoever the page was bound to.
      return bind(data.user).then(function () { return data; });
    }).then(function (data) {
      currentKit = data;
      return run(["kits"], "readwrite", function (t) { t.objectStore("kits").put(data); }).then(function () {
        fillForm(data);
        // The page itself, for opening with no network (the worker also refreshes it on every visit).
        if (window.caches) {
          return caches.open("peyman-field-pages").then(function (cache) { return cache.add(window.location.pathname); });
        }
        return null;
      });
    }).catch(function () {
      prepared.textContent = T.prepare_failed;
    });
    askPersistence();
  }
  function askPersistence() {
    var note = app.querySelector("[data-field-storage]");
    if (!navigator.storage || !navigator.storage.persist) {
      return;
    }
    navigator.storage.persisted().then(function (already) {
      return already || navigator.storage.persist();
    }).then(function (granted) {
      note.textContent = granted ? T.persisted : T.not_persisted;
    });
  }

  function exportUnsent() {
    records().then(function (list) {
      var unsent = list.filter(function (record) { return record.state !== "sent"; });
      if (!unsent.length) {
        window.alert(T.export_none);
        return null;
      }
      return Promise.all(unsent.map(function (record) {
        return Promise.all(record.files.map(function (file) {
          return getFile(record.key, file.sha256).then(function (stored) {
            if (!stored) {
              return null;
            }
            return new Promise(function (resolve) {
              var reader = new FileReader();
              reader.onload = function () { resolve({ sha256: file.sha256, name: file.name, data_url: reader.result }); };
              reader.readAsDataURL(stored.blob);
            });
          });
        })).then(function (files) { return Object.assign({}, record, { file_contents: files }); });
      })).then(function (withFiles) {
        var blob = new Blob([JSON.stringify({ app: "peyman", user: user, saved_at: new Date().toISOString(), records: withFiles }, null, 1)], { type: "application/json" });
        var link = element("a", { href: URL.createObjectURL(blob), download: "peyman-unsent-" + new Date().toISOString().slice(0, 10) + ".json" });
        document.body.appendChild(link);
        link.click();
        link.remove();
      });
    });
  }

  // The queue and the kit change hands: another person's records and commitments are no longer
  // shown (their records stay on the device, for them), and nothing of theirs is sent.
  function bind(id) {
    id = String(id || "");
    if (id === user) {
      return Promise.resolve();
    }
    user = id;
    csrf = null;
    signedOut = false;
    if (header) {
      header.setAttribute("data-field-user", id);
    }
    if (!(app && form)) {
      return render();
    }
    editing = null;
    kept = [];
    location = null;
    form.reset();
    form.querySelector("[data-field-files]").textContent = "";
    form.querySelector("[data-field-editing]").hidden = true;
    form.querySelector("[data-field-location]").textContent = "";
    resetDate();
    return loadKit().then(render);
  }
  var kitShownFor = null;
  function loadKit() {
    if (kitShownFor === user) {
      return Promise.resolve();
    }
    kitShownFor = user;
    return kit().then(function (data) {
      currentKit = data || null;
      if (data) {
        fillForm(data);
        return;
      }
      form.hidden = true;
      form.elements.commitment.textContent = "";
      app.querySelector("[data-field-prepared]").textContent = T.not_prepared;
      if (navigator.onLine) {
        prepare(); // the first visit online prepares at once
      }
    });
  }

  var started = Promise.resolve();
  if (app && form && user) {
    form.addEventListener("submit", save);
    form.elements.commitment.addEventListener("change", function () {
      if (currentKit) {
        chosen(currentKit);
      }
      showDate();
    });
    ["change", "jdp:change"].forEach(function (name) {
      form.elements.happened_on.addEventListener(name, function () {
        // A date read is shown as the server would prefill it (۱۳۹۸/۰۲/۰۱ for "1398/2/1").
        var read = dates && form.elements.happened_on.value.trim() ? dates.parse(form.elements.happened_on.value, persian) : {};
        if (read.iso) {
          form.elements.happened_on.value = shownDate(read.iso);
        }
        showDate();
      });
    });
    form.elements.evidence.addEventListener("change", function () {
      var list = form.querySelector("[data-field-files]");
      list.textContent = "";
      kept.concat(Array.prototype.slice.call(form.elements.evidence.files)).forEach(function (file) {
        list.appendChild(element("li", { dir: "auto", text: file.name }));
      });
    });
    form.querySelector("[data-field-locate]").addEventListener("click", locate);
    app.querySelector("[data-field-prepare]").addEventListener("click", prepare);
    document.querySelector("[data-field-send]").addEventListener("click", function () { drain(true); });
    document.querySelector("[data-field-export]").addEventListener("click", exportUnsent);
    resetDate();
    // Nothing is shown before the server has said who is signed in, when it can be asked; with no
    // network, the last person it named.
    started = remembered().then(function (id) {
      if (id && id !== user) {
        user = id;
        header.setAttribute("data-field-user", id);
      }
      return whoIsSignedIn();
    }).catch(function () {}).then(function () {
      app.hidden = false;
      return loadKit();
    });
    if (navigator.storage && navigator.storage.persisted) {
      navigator.storage.persisted().then(function (granted) {
        app.querySelector("[data-field-storage]").textContent = granted ? T.persisted : T.not_persisted;
      });
    }
  }

  // Back online or back in view: the field page asks again who is signed in (a kept copy may have
  // been opened offline for someone else), then sends what is due.
  function resume() {
    if (!(app && form && user)) {
      return drain(false);
    }
    return whoIsSignedIn().catch(function () {}).then(function () {
      if (!currentKit) {
        kitShownFor = null; // not prepared while offline: prepare now
        return loadKit();
      }
      return null;
    }).then(function () { return drain(false); });
  }
  window.addEventListener("online", resume);
  window.addEventListener("offline", render);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      resume();
    }
  });
  window.setInterval(function () { drain(false); }, INTERVAL);
  started.then(render).then(function () { return drain(false); });
  // For the browser tests and the curious: what the queue holds, read-only.
  window.peymanField = { records: records, drain: drain };
})();
