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

// On a phone the map waits behind a button, so the first result is on the first screen.
const PHONE = window.matchMedia("(max-width: 40.0525em)");

function resultsMap() {
  const element = document.getElementById("directory-map");
  if (!element) return;
  const config = JSON.parse(document.getElementById(element.dataset.config).textContent);
  const points = JSON.parse(document.getElementById(element.dataset.points).textContent);
  if (!points.length) return;
  if (!PHONE.matches) {
    drawMap(element, config, points);
    return;
  }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary wm-map-toggle";
  button.textContent = "Show on a map";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", element.id);
  element.before(button);
  let drawn = null;
  button.addEventListener("click", async () => {
    const opening = element.hidden;
    button.setAttribute("aria-expanded", String(opening));
    button.textContent = opening ? "Hide the map" : "Show on a map";
    if (!opening) {
      element.hidden = true;
      return;
    }
    drawn = drawn || drawMap(element, config, points);
    await drawn;
  });
}

async function drawMap(element, config, points) {
  await import("/static/vendor/leaflet/leaflet.js");
  const L = window.L;
  if (!L) return;
  element.hidden = false;
  const map = L.map(element).setView(config.centre, 11);
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
  const bounds = [];
  // The place searched near: its own marker (labelled, as the pins are, by its image's alt
  // text) and the radius searched, so what lies inside the search shows at a glance.
  let area = null;
  if (config.near) {
    const label = `You searched near ${config.near.label}`;
    const icon = L.icon({ iconUrl: config.near.icon, iconSize: [30, 30], iconAnchor: [15, 15] });
    L.marker([config.near.lat, config.near.lon], {
      icon, alt: label, title: label, keyboard: false, zIndexOffset: 1000,
    }).addTo(map);
    area = L.circle([config.near.lat, config.near.lon], {
      radius: config.near.radius_km * 1000,
      interactive: false,
      color: "#4c2c92",
      weight: 2,
      fillOpacity: 0.06,
    }).addTo(map);
  }
  // One marker for each place: services at the same address share it (and its popup),
  // rather than stacking markers that hide each other and cannot each be reached.
  const places = new Map();
  for (const point of points) {
    const key = `${point.lat},${point.lon}`;
    if (!places.has(key)) places.set(key, []);
    places.get(key).push(point);
  }
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
  if (area) map.fitBounds(area.getBounds(), { padding: [10, 10] });
  else if (bounds.length > 1) map.fitBounds(bounds, { padding: [20, 20] });
}

copyButtons();
resultsMap();
