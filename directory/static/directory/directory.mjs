// Progressive enhancement for the directory: a map of the results and a copy button.
// The list, the plain-text referral details and the print view all work without this.

function copyButtons() {
  for (const button of document.querySelectorAll("[data-copy-target]")) {
    const source = document.getElementById(button.dataset.copyTarget);
    if (!source || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        button.textContent = "Copied";
      } catch {
        button.textContent = "Select the text and copy it";
      }
    });
  }
}

async function resultsMap() {
  const element = document.getElementById("directory-map");
  if (!element) return;
  const config = JSON.parse(document.getElementById(element.dataset.config).textContent);
  const points = JSON.parse(document.getElementById(element.dataset.points).textContent);
  if (!points.length) return;
  await import("/static/vendor/leaflet/leaflet.js");
  const L = window.L;
  if (!L) return;
  element.hidden = false;
  const map = L.map(element).setView(config.centre, 11);
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
  // One marker for each place: services at the same address share it (and its popup),
  // rather than stacking markers that hide each other and cannot each be reached.
  const places = new Map();
  for (const point of points) {
    const key = `${point.lat},${point.lon}`;
    if (!places.has(key)) places.set(key, []);
    places.get(key).push(point);
  }
  const bounds = [];
  for (const here of places.values()) {
    const { lat, lon } = here[0];
    const names = here.map((point) => point.name).join(", ");
    // The map only repeats the list of results beside it, where each service is a link
    // of full size (WCAG 2.5.8's "equivalent" exception covers markers that sit close
    // together). So markers are not keyboard stops: a keyboard user tabs through the
    // list, not through a row of pins too close to tell apart.
    const marker = L.marker([lat, lon], { alt: names, title: names, keyboard: false }).addTo(map);
    const wrapper = document.createElement("div");
    here.forEach((point, index) => {
      if (index) wrapper.append(document.createElement("br"));
      const link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.name;
      wrapper.append(link, document.createElement("br"), point.organisation);
      if (point.approximate) wrapper.append(" (area only)");
    });
    marker.bindPopup(wrapper);
    bounds.push([lat, lon]);
  }
  if (bounds.length > 1) map.fitBounds(bounds, { padding: [20, 20] });
}

copyButtons();
resultsMap();
