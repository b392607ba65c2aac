"""The evaluation card of "Miasto Korzyści": its 15 categories (named in the seed) and a first
set of criteria on the three levels, which officials then edit in the admin.

The seed names the categories and the counts (11 basic criteria, 15 on each higher level) but
not the criteria's wording; the wording below is a starting point drawn from the categories'
names and the standards of day-support facilities.
"""

from django.db import migrations

S, P, V = "standard", "premium", "vip"

CARD = [
    ("Zapis do programu lojalnościowego", [
        (S, "Placówka jest zarejestrowana w programie i ma wyznaczoną osobę kierującą placówką w programie."),
        (P, "Placówka wypełniła kartę ewaluacji w każdej rundzie od przystąpienia do programu."),
        (V, "Placówka dzieli się w programie dobrymi praktykami, np. w Punkcie Wymiany Dobra."),
    ]),
    ("Zaangażowanie w politykę społeczną", [
        (S, "Placówka zna dokumenty strategiczne m.st. Warszawy dotyczące polityki społecznej i odnosi do nich swój program."),
        (P, "Placówka uczestniczy w konsultacjach lub zespołach dialogu społecznego dotyczących dzieci i rodzin."),
        (V, "Placówka współtworzy rozwiązania w polityce społecznej miasta (np. w komisji dialogu społecznego)."),
    ]),
    ("Baza monitorująca", [
        (S, "Placówka prowadzi ewidencję uczestników i zajęć w bazie monitorującej."),
        (P, "Placówka rejestruje w bazie monitorującej obecności, wsparcie i rezultaty na bieżąco."),
        (V, "Placówka wykorzystuje dane z bazy monitorującej do planowania i oceny swojej oferty."),
    ]),
    ("Współpraca z rodzinami", [
        (S, "Placówka utrzymuje stały kontakt z rodzicami lub opiekunami wychowanków."),
        (P, "Placówka prowadzi dla rodzin zajęcia, konsultacje lub spotkania wychowawcze."),
        (V, "Placówka realizuje program wsparcia rodzin z udziałem specjalistów (np. psychologa, terapeuty rodzinnego)."),
    ]),
    ("Współpraca ze szkołą", [
        (S, "Placówka współpracuje ze szkołami wychowanków (kontakt z wychowawcami, pedagogiem)."),
        (P, "Placówka ma porozumienie o współpracy z co najmniej jedną szkołą."),
        (V, "Placówka realizuje ze szkołą wspólne projekty lub zajęcia dla uczniów."),
    ]),
    ("Superwizja", [
        (S, "Kadra placówki ma dostęp do superwizji."),
        (P, "Kadra placówki korzysta z superwizji regularnie, co najmniej raz na kwartał."),
        (V, "Placówka ma stały plan superwizji indywidualnej i zespołowej."),
    ]),
    ("Zajęcia tematyczne", [
        (S, "Placówka prowadzi zajęcia tematyczne zgodnie z planem pracy."),
        (P, "Placówka prowadzi co najmniej trzy rodzaje stałych zajęć tematycznych (np. artystyczne, sportowe, edukacyjne)."),
        (V, "Placówka prowadzi zajęcia tematyczne z udziałem zewnętrznych specjalistów lub instytucji kultury."),
    ]),
    ("Socjoterapia", [
        (S, "Placówka rozpoznaje potrzeby wychowanków w zakresie wsparcia socjoterapeutycznego."),
        (P, "Placówka prowadzi zajęcia socjoterapeutyczne prowadzone przez osobę z kwalifikacjami."),
        (V, "Placówka prowadzi program socjoterapeutyczny z oceną jego efektów."),
    ]),
    ("Lokalne partnerstwa", [
        (S, "Placówka współpracuje z co najmniej jedną instytucją lub organizacją w dzielnicy."),
        (P, "Placówka ma pisemne porozumienia o partnerstwie z lokalnymi instytucjami lub organizacjami."),
        (V, "Placówka inicjuje lub koordynuje lokalne partnerstwo na rzecz dzieci i rodzin."),
    ]),
    ("Wolontariat", [
        (S, "Placówka przyjmuje wolontariuszy na zasadach określonych w porozumieniu."),
        (P, "Placówka prowadzi program wolontariatu z opieką koordynatora."),
        (V, "Wychowankowie placówki sami działają jako wolontariusze."),
    ]),
    ("Fundraising", [
        (P, "Placówka pozyskuje środki lub zasoby z co najmniej jednego źródła poza dotacją miasta."),
        (V, "Placówka ma plan pozyskiwania środków i pozyskuje je z kilku źródeł."),
    ]),
    ("Doskonalenie kadry", [
        (S, "Kadra placówki podnosi kwalifikacje co najmniej raz w roku."),
        (P, "Placówka ma plan doskonalenia zawodowego kadry."),
        (V, "Kadra placówki prowadzi szkolenia lub warsztaty dla innych placówek."),
    ]),
    ("Współpraca zagraniczna", [
        (P, "Placówka nawiązała kontakt z partnerem zagranicznym lub uczestniczy w wymianie doświadczeń."),
        (V, "Placówka realizuje projekt międzynarodowy (np. wymianę młodzieży, Erasmus+)."),
    ]),
    ("Popularyzacja wiedzy", [
        (P, "Placówka informuje o swoich działaniach publicznie (strona internetowa, media społecznościowe)."),
        (V, "Placówka publikuje materiały, prowadzi konferencje lub wystąpienia o swoich metodach pracy."),
    ]),
    ("Projekty innowacyjne", [
        (P, "Placówka wprowadziła w ostatnim roku nową formę pracy z wychowankami."),
        (V, "Placówka opracowała własną metodę lub narzędzie pracy, opisane i udostępnione innym."),
    ]),
]


def load_card(apps, schema_editor):
    Category = apps.get_model("loyalty", "Category")
    Criterion = apps.get_model("loyalty", "Criterion")
    for order, (name, criteria) in enumerate(CARD, start=1):
        category, _created = Category.objects.get_or_create(name=name, defaults={"order": order})
        for position, (level, text) in enumerate(criteria, start=1):
            Criterion.objects.get_or_create(category=category, level=level, text=text, defaults={"order": position})


def remove_card(apps, schema_editor):
    apps.get_model("loyalty", "Category").objects.filter(name__in=[name for name, _criteria in CARD]).delete()


class Migration(migrations.Migration):
    dependencies = [("loyalty", "0001_initial")]

    operations = [migrations.RunPython(load_card, remove_card)]
