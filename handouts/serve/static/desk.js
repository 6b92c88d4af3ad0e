// The handout desk: drills move up and down (the form sends the ticked ones in the
// order shown), and choosing an article ticks its drills, in its order, and shows only
// the drills in its language.
(() => {
  const list = document.getElementById("drills");
  const article = document.getElementById("article");
  if (!list) return;

  list.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const row = button.closest("li");
    if (button.classList.contains("up") && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (button.classList.contains("down") && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    }
    button.focus();
  });

  if (article) {
    article.addEventListener("change", () => {
      const option = article.selectedOptions[0];
      const slugs = (option.dataset.drills || "").split(" ").filter(Boolean);
      const rows = [...list.children];
      rows.forEach((row) => {
        row.hidden = row.dataset.lang !== option.dataset.lang;
        row.querySelector("input[type=checkbox]").checked = slugs.includes(row.dataset.slug);
      });
      slugs
        .slice()
        .reverse()
        .forEach((slug) => {
          const row = rows.find((r) => r.dataset.slug === slug);
          if (row) list.prepend(row);
        });
    });
  }
})();
