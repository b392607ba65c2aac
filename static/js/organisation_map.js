// Maps of organisations' places: the city map and the small map on a profile.
// Progressive enhancement: the map element stays hidden until Leaflet is here,
// and the list of places next to it works on its own. Markers come from GeoJSON
// (fetched from data-geojson-url or read from the script named by data-geojson-id)
// and show even when map tiles cannot be loaded.
(function () {
  "use strict";
  if (!window.L || !window.fetch) return;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text; // never innerHTML: names come from organisations
    return node;
  }

  function popupContent(properties) {
    var box = element("div", "org-popup");
    box.appendChild(element("p", "org-popup__name", properties.name));
    box.appendChild(element("p", "org-popup__meta", properties.kind + " · " + properties.address));
    var link = element("a", "org-popup__link", properties.organisation);
    link.href = properties.organisation_url;
    var line = element("p");
    line.appendChild(link);
    box.appendChild(line);
    return box;
  }

  function clusterIconFactory(label) {
    return function (cluster) {
      var count = cluster.getChildCount();
      var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      var inner = element("span", "marker-cluster__count", String(count));
      if (label) inner.appendChild(element("span", "visually-hidden", " " + label.replace("%(count)s", count)));
      var html = element("div");
      html.appendChild(inner);
      return L.divIcon({
        html: html,
        className: "marker-cluster marker-cluster-" + size,
        iconSize: L.point(42, 42),
      });
    };
  }

  function loadGeoJSON(node) {
    var inlineId = node.getAttribute("data-geojson-id");
    if (inlineId) {
      return Promise.resolve(JSON.parse(document.getElementById(inlineId).textContent));
    }
    return fetch(node.getAttribute("data-geojson-url"), {
      headers: { Accept: "application/geo+json" },
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  function announce(status, key, count) {
    if (!status) return;
    var text = status.getAttribute("data-" + key) || "";
    status.textContent = text.replace("%(count)s", count);
  }

  function initMap(node) {
    var box = JSON.parse(node.getAttribute("data-city-bounds")); // south, west, north, east
    var cityBounds = L.latLngBounds([box[0], box[1]], [box[2], box[3]]);
    var status = document.getElementById(node.getAttribute("data-status-id"));

    node.hidden = false;
    // The page scrolls under the wheel; zoom with the buttons, the keyboard or a double click.
    // People who ask for less motion get a map that jumps instead of gliding.
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var map = L.map(node, {
      scrollWheelZoom: false,
      maxBounds: cityBounds.pad(0.5),
      zoomAnimation: !still,
      fadeAnimation: !still,
      markerZoomAnimation: !still,
    });
    map.fitBounds(cityBounds);
    L.tileLayer(node.getAttribute("data-tile-url"), {
      attribution: node.getAttribute("data-tile-attribution"),
      maxZoom: 19,
    }).addTo(map);

    var clustered = node.hasAttribute("data-cluster") && typeof L.markerClusterGroup === "function";
    var group = clustered
      ? L.markerClusterGroup({
          chunkedLoading: true,
          showCoverageOnHover: false,
          iconCreateFunction: clusterIconFactory(node.getAttribute("data-cluster-label")),
        })
      : L.featureGroup();
    group.addTo(map);

    announce(status, "loading");
    loadGeoJSON(node)
      .then(function (collection) {
        var markers = collection.features.map(function (feature) {
          var p = feature.properties;
          var c = feature.geometry.coordinates;
          var label = p.name + " – " + p.organisation;
          var marker = L.marker([c[1], c[0]], { alt: label, title: label });
          marker.bindPopup(function () {
            return popupContent(p);
          });
          return marker;
        });
        if (group.addLayers) {
          group.addLayers(markers);
        } else {
          markers.forEach(function (marker) {
            group.addLayer(marker);
          });
        }
        if (markers.length) {
          map.fitBounds(L.latLngBounds(markers.map(function (m) { return m.getLatLng(); })), {
            maxZoom: 15,
            padding: [24, 24],
          });
        }
        announce(status, "loaded", markers.length);
      })
      .catch(function () {
        announce(status, "failed");
      });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-organisation-map]"), initMap);
})();
