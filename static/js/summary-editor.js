/* The summary editor (django-markdownx), kept usable from the keyboard and honest about failed uploads.
 *
 * - Tab moves the focus on, as everywhere else on the site. markdownx takes Tab for indenting, which traps
 *   keyboard users in the field (WCAG 2.1.2); Ctrl+] and Ctrl+[ still indent and un-indent.
 * - The live preview is a labelled region.
 * - A refused image upload shows the server's reason ("Images can be at most 2 MB.") next to the editor;
 *   markdownx would write "Invalid response" into the summary instead.
 */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Tab" && target.classList && target.classList.contains("markdownx-editor")) {
      event.stopPropagation(); // runs before markdownx's listener on the field; the browser moves the focus
    }
  }, true);

  function uploadMessage(detail) {
    var response = detail && detail[0];
    var messages = [];
    if (response && typeof response === "object") {
      Object.keys(response).forEach(function (key) { messages = messages.concat(response[key]); });
    }
    return messages.length ? messages.join(" ") : "The image could not be uploaded. Try again.";
  }

  function setUp(editor) {
    var field = editor.querySelector(".markdownx-editor");
    var preview = editor.querySelector(".markdownx-preview");
    if (preview) {
      preview.setAttribute("role", "region");
      preview.setAttribute("aria-label", "Preview");
    }
    var status = document.createElement("p");
    status.className = "upload-error";
    status.setAttribute("role", "alert");
    editor.appendChild(status);

    function refused(event) {
      var text = field.value, start = field.selectionStart, end = field.selectionEnd;
      status.textContent = uploadMessage(event.detail);
      window.setTimeout(function () { // markdownx inserts its "Invalid response" right after this event
        field.value = text;
        field.setSelectionRange(start, end);
        field.style.opacity = "";
      }, 0);
    }
    editor.addEventListener("markdownx.fileUploadError", refused);
    editor.addEventListener("fileUploadError", refused); // markdownx's name for network errors
    editor.addEventListener("markdownx.fileUploadEnd", function () { status.textContent = ""; });
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".markdownx"), setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
