"""The statutory list of spheres of public tasks: art. 4 sec. 1 of the act of 24 April 2003
on public-benefit activity and volunteering (ustawa o działalności pożytku publicznego
i o wolontariacie). Kept as data so an amendment is a new migration, not new code."""

from django.db import migrations

SPHERES = [
    ("1", "pomoc społeczna, w tym pomoc rodzinom i osobom w trudnej sytuacji życiowej oraz wyrównywanie szans tych rodzin i osób"),
    ("1a", "wspieranie rodziny i systemu pieczy zastępczej"),
    ("1b", "udzielanie nieodpłatnej pomocy prawnej oraz zwiększanie świadomości prawnej społeczeństwa"),
    ("2", "działalność charytatywna"),
    ("3", "podtrzymywanie i upowszechnianie tradycji narodowej, pielęgnowanie polskości oraz rozwój świadomości narodowej, obywatelskiej i kulturowej"),
    ("4", "działalność na rzecz mniejszości narodowych i etnicznych oraz języka regionalnego"),
    ("4a", "działalność na rzecz integracji cudzoziemców"),
    ("5", "ochrona i promocja zdrowia, w tym działalność lecznicza"),
    ("6", "działalność na rzecz osób z niepełnosprawnościami"),
    ("7", "promocja zatrudnienia i aktywizacji zawodowej osób pozostających bez pracy i zagrożonych zwolnieniem z pracy"),
    ("8", "działalność na rzecz równych praw kobiet i mężczyzn"),
    ("9", "działalność na rzecz osób w wieku emerytalnym"),
    ("10", "działalność wspomagająca rozwój gospodarczy, w tym rozwój przedsiębiorczości"),
    ("11", "działalność wspomagająca rozwój techniki, wynalazczości i innowacyjności"),
    ("12", "działalność wspomagająca rozwój wspólnot i społeczności lokalnych"),
    ("13", "nauka, szkolnictwo wyższe, edukacja, oświata i wychowanie"),
    ("14", "wypoczynek dzieci i młodzieży"),
    ("15", "kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego"),
    ("16", "wspieranie i upowszechnianie kultury fizycznej"),
    ("17", "ekologia i ochrona zwierząt oraz ochrona dziedzictwa przyrodniczego"),
    ("18", "turystyka i krajoznawstwo"),
    ("19", "porządek i bezpieczeństwo publiczne"),
    ("20", "obronność państwa i działalność Sił Zbrojnych Rzeczypospolitej Polskiej"),
    ("21", "upowszechnianie i ochrona wolności i praw człowieka oraz swobód obywatelskich, a także działania wspomagające rozwój demokracji"),
    ("22", "ratownictwo i ochrona ludności"),
    ("23", "pomoc ofiarom katastrof, klęsk żywiołowych, konfliktów zbrojnych i wojen w kraju i za granicą"),
    ("24", "upowszechnianie i ochrona praw konsumentów"),
    ("25", "działalność na rzecz integracji europejskiej oraz rozwijania kontaktów i współpracy między społeczeństwami"),
    ("26", "promocja i organizacja wolontariatu"),
    ("27", "pomoc Polonii i Polakom za granicą"),
    ("28", "działalność na rzecz kombatantów i osób represjonowanych"),
    ("29", "promocja Rzeczypospolitej Polskiej za granicą"),
    ("30", "działalność na rzecz rodziny, macierzyństwa, rodzicielstwa, upowszechniania i ochrony praw dziecka"),
    ("31", "przeciwdziałanie uzależnieniom i patologiom społecznym"),
    ("32", "rewitalizacja"),
    ("33", "działalność na rzecz organizacji pozarządowych oraz podmiotów prowadzących działalność pożytku publicznego"),
]


def load_spheres(apps, schema_editor):
    Sphere = apps.get_model("organisations", "PublicBenefitSphere")
    for position, (code, name) in enumerate(SPHERES):
        Sphere.objects.update_or_create(code=code, defaults={"name": name, "position": position})


def remove_spheres(apps, schema_editor):
    apps.get_model("organisations", "PublicBenefitSphere").objects.filter(
        code__in=[code for code, _ in SPHERES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_places_spheres_invitations")]

    operations = [migrations.RunPython(load_spheres, remove_spheres)]
