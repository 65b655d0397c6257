// Paper entry: a digit key picks that answer of the focused question (0 is the score 0 of a 0–10 scale,
// or the tenth answer) and moves on to the next question, so a stack of forms goes in without the mouse.
(function () {
  "use strict";
  const form = document.getElementById("paper-form");
  if (!form) return;
  const groups = () => Array.from(form.querySelectorAll("fieldset.question"));
  const focusGroup = (group) => {
    if (!group) {
      document.getElementById("save-next").focus();
      return;
    }
    const input = group.querySelector("input:checked") || group.querySelector("input");
    if (input) input.focus();
  };
  form.addEventListener("keydown", (event) => {
    const group = event.target.closest && event.target.closest("fieldset.question");
    if (!group || event.ctrlKey || event.metaKey || event.altKey || !/^[0-9]$/.test(event.key)) return;
    const inputs = Array.from(group.querySelectorAll("input[type=radio]"));
    const digit = Number(event.key);
    const scale = group.classList.contains("scale");
    const index = scale ? digit : digit === 0 ? 9 : digit - 1;
    if (index >= inputs.length) return;
    event.preventDefault();
    inputs[index].checked = true;
    const all = groups();
    focusGroup(all[all.indexOf(group) + 1]);
  });
})();
