// Live reload: the server says when the site has a new version (server-sent events);
// the page fetches itself again and swaps in the sections that changed, so frames
// whose newsletter did not change are not reloaded.
(() => {
  const status = document.getElementById("live-status");
  const main = () => document.getElementById("live-main");
  let shown = document.body.dataset.version;
  let busy = false;
  let again = false;

  function say(text, state) {
    if (!status) return;
    status.textContent = text;
    status.dataset.state = state;
  }

  function swap(old, fresh) {
    const before = [...old.children];
    const after = [...fresh.children];
    const sameShape =
      before.length === after.length && before.every((e, i) => e.id && e.id === after[i].id);
    if (!sameShape) {
      old.replaceChildren(...after.map((e) => document.adoptNode(e)));
      return;
    }
    before.forEach((e, i) => {
      if (!e.isEqualNode(after[i])) e.replaceWith(document.adoptNode(after[i]));
    });
  }

  async function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      const response = await fetch(location.href, { cache: "no-store" });
      const next = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = next.getElementById("live-main");
      if (fresh && main()) swap(main(), fresh);
      document.title = next.title;
      shown = next.body.dataset.version;
      document.body.dataset.version = shown;
      say("live", "on");
    } catch (error) {
      say("offline", "off");
    } finally {
      busy = false;
      if (again) {
        again = false;
        refresh();
      }
    }
  }

  const source = new EventSource("/events");
  source.onopen = () => say("live", "on");
  source.onerror = () => say("reconnecting…", "off");
  source.onmessage = (event) => {
    if (event.data === shown) return;
    if (document.getElementById("desk-form")) {
      // What a therapist typed is never swapped away: the desk says so and waits.
      say("content changed: reload to see it", "stale");
      return;
    }
    refresh();
  };
})();
