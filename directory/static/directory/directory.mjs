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
  const bounds = [];
  for (const point of points) {
    const marker = L.marker([point.lat, point.lon]).addTo(map);
    const link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    const wrapper = document.createElement("div");
    wrapper.append(link, document.createElement("br"), point.organisation);
    if (point.approximate) wrapper.append(" (area only)");
    marker.bindPopup(wrapper);
    bounds.push([point.lat, point.lon]);
  }
  if (bounds.length > 1) map.fitBounds(bounds, { padding: [20, 20] });
}

copyButtons();
resultsMap();
