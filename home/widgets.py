"""wagtailgeowidget's Leaflet field, loading our vendored Leaflet instead of a CDN."""

from django import forms
from django.utils.functional import cached_property
from wagtailgeowidget.panels import LeafletPanel
from wagtailgeowidget.widgets import LeafletField


class LocalLeafletField(LeafletField):
    @cached_property
    def media(self):
        return forms.Media(
            css={"all": ("wagtailgeowidget/css/leaflet-field.css", "vendor/leaflet/leaflet.css")},
            js=(
                "vendor/leaflet/leaflet.js",
                "wagtailgeowidget/js/leaflet-field.js",
                "wagtailgeowidget/js/leaflet-field-controller.js",
            ),
        )


class LocalLeafletPanel(LeafletPanel):
    def widget_overrides(self):
        field = self.model._meta.get_field(self.field_name)
        return {
            self.field_name: LocalLeafletField(
                address_field=self.address_field,
                zoom_field=self.zoom_field,
                hide_latlng=self.hide_latlng,
                zoom=self.zoom,
                srid=getattr(field, "srid", 4326),
                id_prefix="id_",
            )
        }
