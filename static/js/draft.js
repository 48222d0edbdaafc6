// Progressive enhancement: what someone types in a form marked data-draft-field is kept in this
// browser until the app confirms it was saved, so a form refused after the session expired (or a
// closed tab, or a lost connection) loses nothing. The form works the same without JavaScript.
(function () {
  "use strict";
  var PREFIX = "peyman-draft:";
  var storage;
  try {
    storage = window.localStorage;
    storage.setItem(PREFIX + "probe", "1");
    storage.removeItem(PREFIX + "probe");
  } catch (error) {
    return; // private mode or storage disabled: nothing to improve
  }

  function read(key) {
    try {
      return JSON.parse(storage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  // A page that confirms a save (or that the form had been saved before, when it was sent twice)
  // clears the drafts of forms that were sent: they must not be "put back" as unsaved.
  if (document.querySelector(".message-success, .message-saved")) {
    for (var i = storage.length - 1; i >= 0; i--) {
      var key = storage.key(i);
      if (key && key.indexOf(PREFIX) === 0 && (read(key) || {}).sent) {
        storage.removeItem(key);
      }
    }
  }

  // A refused form (its security check expired): say that what was typed is kept only when it is.
  var kept = document.querySelector("[data-draft-kept]");
  var lost = document.querySelector("[data-draft-lost]");
  if (kept && lost) {
    var sent = read(PREFIX + window.location.pathname);
    if (sent && sent.sent && sent.text) {
      kept.hidden = false;
      lost.hidden = true;
    }
  }

  var forms = document.querySelectorAll("form[data-draft-field]");
  Array.prototype.forEach.call(forms, function (form) {
    var field = form.elements[form.getAttribute("data-draft-field")];
    if (!field) {
      return;
    }
    var key = PREFIX + window.location.pathname;
    var note = form.querySelector("[data-draft-note]");
    var draft = read(key);
    if (draft && draft.text && draft.text !== field.value) {
      field.value = draft.text;
      if (note) {
        note.hidden = false;
      }
    }
    field.addEventListener("input", function () {
      storage.setItem(key, JSON.stringify({ text: field.value, sent: false }));
    });
    form.addEventListener("submit", function () {
      if (field.value) {
        storage.setItem(key, JSON.stringify({ text: field.value, sent: true }));
      }
    });
    var discard = form.querySelector("[data-draft-discard]");
    if (discard) {
      discard.addEventListener("click", function () {
        storage.removeItem(key);
        field.value = field.defaultValue;
        if (note) {
          note.hidden = true;
        }
      });
    }
  });
})();
