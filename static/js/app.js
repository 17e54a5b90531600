/* Comfort only: every page works without this file. */
(function () {
  "use strict";

  // after a refused answer, focus the error summary (GOV.UK's pattern) where autofocus was not honoured
  function focusErrors() {
    var summary = document.querySelector(".error-summary");
    if (summary && document.activeElement !== summary) { summary.focus(); }
  }

  // the case note's copy button: shown only here, since copying needs script
  function copyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var status = button.parentNode.querySelector("[data-copied-message]");
      if (!source) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () { if (status) { status.textContent = status.getAttribute("data-copied-message"); } };
        source.select();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(source.value).then(done, function () { document.execCommand("copy"); done(); });
        } else {
          document.execCommand("copy");
          done();
        }
      });
    });
  }

  // the one-page check: hide what does not apply to the answers so far (the server decides the same way)
  function value(form, name) {
    var checked = form.querySelector("input[name=" + name + "]:checked");
    return checked ? checked.value : "";
  }

  function applies(rule, form) {
    var service = value(form, "service"), group = value(form, "group"), session = value(form, "session");
    // as app/wizard/flow.py: the session of coaching unless in a group; the length unless a first visit
    var asked = service === "coaching" && (group === "individual" || group === "unknown");
    if (rule === "coaching") { return service === "coaching"; }
    if (rule === "coaching-session") { return asked; }
    if (rule === "minutes") { return service === "peer_support" || (service === "coaching" && !(asked && session === "initial")); }
    return true;
  }

  function quickCheck() {
    var form = document.querySelector("[data-quick]");
    if (!form) { return; }
    var update = function () {
      form.querySelectorAll("[data-applies]").forEach(function (block) {
        var on = applies(block.getAttribute("data-applies"), form);
        block.hidden = !on;
        block.querySelectorAll("input, select").forEach(function (input) { input.disabled = !on; });
      });
    };
    form.addEventListener("change", update);
    update();
  }

  // the minutes, or "I don't know": typing a number unticks the box, ticking the box clears the number
  // (the server reads a typed number as the answer either way)
  function minutesOrUnknown() {
    document.querySelectorAll("#minutes").forEach(function (minutes) {
      var unknown = document.getElementById("minutes_unknown");
      if (!unknown) { return; }
      minutes.addEventListener("input", function () { if (minutes.value.trim()) { unknown.checked = false; } });
      unknown.addEventListener("change", function () { if (unknown.checked) { minutes.value = ""; } });
    });
  }

  // a link from an EHR's card names the reference after the "#", which no server sees: put it in the box
  function referenceFromLink() {
    var box = document.getElementById("reference"), match = /^#reference=([A-Za-z0-9-]{1,20})$/.exec(window.location.hash);
    if (box && match && !box.value) { box.value = match[1]; }
  }

  function ready() { focusErrors(); copyButtons(); quickCheck(); minutesOrUnknown(); referenceFromLink(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
}());
