// Progressive enhancement for the places of activity: clicking the map fills in the
// latitude and longitude of the place whose fields were used last. Without
// JavaScript (or without tiles) the coordinates are typed in by hand.
(function () {
  "use strict";
  function init() {
    var holder = document.getElementById("place-picker");
    if (!holder || !window.L) return;
    var forms = Array.prototype.slice.call(document.querySelectorAll("[data-place-form]"));
    if (!forms.length) return;
    var current = forms[forms.length - 1];
    forms.forEach(function (form) {
      form.addEventListener("focusin", function () { current = form; });
    });
    // The map is a pointer shortcut hidden from assistive technology (aria-hidden): the
    // coordinates are typed in the fields. Nothing inside it may take keyboard focus either,
    // or keyboard users would land on controls that screen readers do not announce.
    var map = L.map(holder, { keyboard: false }).setView([52.2297, 21.0122], 11);
    function keepOutOfTabOrder() {
      holder.removeAttribute("tabindex");
      Array.prototype.forEach.call(holder.querySelectorAll("a, button, input, [tabindex]"), function (el) {
        el.setAttribute("tabindex", "-1");
      });
    }
    L.tileLayer(holder.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
    var markers = [];
    forms.forEach(function (form) {
      var lat = parseFloat(form.querySelector("input[name$='-latitude']").value);
      var lng = parseFloat(form.querySelector("input[name$='-longitude']").value);
      if (!isNaN(lat) && !isNaN(lng)) markers.push(L.marker([lat, lng], { keyboard: false }).addTo(map));
    });
    if (markers.length) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.3), { maxZoom: 15 });
    keepOutOfTabOrder();
    var picked = null;
    map.on("click", function (event) {
      current.querySelector("input[name$='-latitude']").value = event.latlng.lat.toFixed(6);
      current.querySelector("input[name$='-longitude']").value = event.latlng.lng.toFixed(6);
      if (picked) picked.remove();
      picked = L.marker(event.latlng, { keyboard: false }).addTo(map);
      keepOutOfTabOrder();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
