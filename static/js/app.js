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
    var individual = service === "coaching" && (group === "individual" || group === "unknown");
    if (rule === "coaching") { return service === "coaching"; }
    if (rule === "coaching-individual") { return individual; }
    if (rule === "minutes") { return service === "peer_support" || (individual && session === "follow_up"); }
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

  function ready() { focusErrors(); copyButtons(); quickCheck(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
}());
