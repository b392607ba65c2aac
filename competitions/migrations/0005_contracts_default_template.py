# ruff: noqa: E501  (the contract's text keeps its paragraphs on one line each)
"""Contracts: who signs and the partial reporting periods; the first version of the contract's text.

The text follows annex 3 to the regulation of 24 October 2018 (Dz.U. 2018 poz. 2057) with
the accessibility clause required since 2021. It is frozen here on purpose: a later change
of law is a new ``ContractTemplate`` version, never an edit of this one.
"""

import datetime

from django.db import migrations, models

VERSION = "2018-annex-3-2021"

BODY = """UMOWA NR {{ number }}
O WSPARCIE REALIZACJI ZADANIA PUBLICZNEGO
pod tytułem: „{{ task.title }}”

zawarta w dniu {{ signed_on|default:"...................." }} w {{ city.seat }}, zwana dalej „umową”, pomiędzy:

{{ city.name }}, {{ city.address }}, zwanym dalej „Zleceniodawcą”, reprezentowanym przez: {{ signatory_city }},

a

{{ organisation.name }} ({{ organisation.legal_form }}) z siedzibą: {{ organisation.address }}, wpisaną do Krajowego Rejestru Sądowego pod numerem {{ organisation.krs|default:"— (inny rejestr lub ewidencja)" }}, NIP {{ organisation.nip }}{% if organisation.regon %}, REGON {{ organisation.regon }}{% endif %}, zwaną dalej „Zleceniobiorcą”, reprezentowaną przez: {{ signatory_organisation }},

zwanymi dalej „Stronami”.

Umowa jest zawierana na podstawie art. 16 ust. 1 ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie, zwanej dalej „ustawą”, w wyniku otwartego konkursu ofert {{ competition.signature }} „{{ competition.title }}”, według ramowego wzoru umowy stanowiącego załącznik nr 3 do rozporządzenia Przewodniczącego Komitetu do spraw Pożytku Publicznego z dnia 24 października 2018 r. (Dz. U. poz. 2057).

§ 1. Przedmiot umowy
1. Zleceniodawca zleca Zleceniobiorcy realizację zadania publicznego pod tytułem „{{ task.title }}”, określonego szczegółowo w ofercie nr {{ offer.number }} złożonej przez Zleceniobiorcę w dniu {{ offer.submitted_on }}{% if has_update %}, z uwzględnieniem aktualizacji kalkulacji przewidywanych kosztów i harmonogramu{% endif %}, a Zleceniobiorca zobowiązuje się wykonać zadanie publiczne w zakresie i na zasadach określonych w umowie.
2. Zleceniodawca przyznaje Zleceniobiorcy dotację na wsparcie realizacji zadania publicznego w formie i w wysokości określonych w § 3, a Zleceniobiorca zobowiązuje się do jej wykorzystania zgodnie z celem, na który ją uzyskał, i na warunkach określonych w umowie.
3. Wykonanie umowy nastąpi z dniem zaakceptowania przez Zleceniodawcę sprawozdania końcowego, o którym mowa w § 5.
4. Oferta{% if has_update %} oraz jej aktualizacja stanowią{% else %} stanowi{% endif %} załącznik{% if has_update %}i{% endif %} do umowy.

§ 2. Sposób i termin wykonania zadania publicznego
1. Termin realizacji zadania publicznego ustala się od dnia {{ task.start }} do dnia {{ task.end }}; miejsce realizacji: {{ task.place }}.
2. Zleceniobiorca zobowiązuje się wykonać zadanie publiczne zgodnie z ofertą{% if has_update %} i jej aktualizacją{% endif %}, w terminie określonym w ust. 1.
3. Zleceniobiorca zobowiązuje się wykorzystać przekazaną dotację do dnia {{ use_by }}, a wydatki ponosić w okresie realizacji zadania.

§ 3. Wysokość dotacji i rachunek bankowy
1. Zleceniodawca zobowiązuje się do przekazania na realizację zadania publicznego dotacji w wysokości {{ grant }}{% if instalments|length > 1 %}, w {{ instalments|length }} transzach:{% else %}, jednorazowo:{% endif %}
{% for i in instalments %}   {{ i.number }}) {{ i.amount }} w terminie do dnia {{ i.due }};
{% endfor %}2. Dotacja zostanie przekazana na rachunek bankowy Zleceniobiorcy nr {{ bank_account }}. Zleceniobiorca oświadcza, że jest jedynym posiadaczem tego rachunku, i zobowiązuje się do jego utrzymania nie krócej niż do dnia zaakceptowania sprawozdania końcowego.
3. Za dzień przekazania dotacji uznaje się dzień obciążenia rachunku Zleceniodawcy.
4. Całkowity koszt zadania publicznego wynosi {{ total_cost }}.

§ 4. Wkład własny i wykorzystanie dotacji
1. Zleceniobiorca zobowiązuje się do wniesienia wkładu własnego finansowego w wysokości {{ own.financial }}{% if own.fees_or_other %} (w tym świadczenia pieniężne od odbiorców zadania: {{ own.fees }}, środki z innych źródeł publicznych: {{ own.other_public }}){% endif %}.
2. Zleceniobiorca zobowiązuje się do wniesienia wkładu własnego niefinansowego w wysokości {{ own.non_financial }}, w tym wkładu osobowego (praca społeczna członków, świadczenia wolontariuszy) {{ own.personal }} i wkładu rzeczowego {{ own.in_kind }}.
3. Dotację Zleceniobiorca wykorzystuje wyłącznie na pokrycie kosztów określonych w kalkulacji przewidywanych kosztów{% if has_update %} (w brzmieniu aktualizacji){% endif %}. Dopuszcza się przesunięcia między pozycjami kosztów w zakresie nie większym niż 10% bez zmiany umowy.
4. Zleceniobiorca prowadzi wyodrębnioną dokumentację finansowo-księgową i ewidencję księgową zadania publicznego oraz przechowuje ją przez 5 lat, licząc od początku roku następującego po roku, w którym realizowano zadanie.
5. Zleceniobiorca informuje, że zadanie publiczne jest współfinansowane ze środków otrzymanych od Zleceniodawcy, we wszystkich materiałach, publikacjach i informacjach dotyczących zadania.

§ 5. Obowiązki sprawozdawcze
1. Zleceniodawca może wezwać Zleceniobiorcę do złożenia sprawozdania częściowego z wykonania zadania publicznego w terminie 30 dni od dnia doręczenia wezwania.
{% if partial_reports %}2. Zleceniobiorca składa sprawozdania częściowe, sporządzone według wzoru stanowiącego załącznik nr 5 do rozporządzenia, w terminie 30 dni od dnia zakończenia okresu sprawozdawczego:
{% for p in partial_reports %}   {{ forloop.counter }}) za okres do dnia {{ p.period_end }} – do dnia {{ p.due }};
{% endfor %}{% else %}2. Umowa nie przewiduje sprawozdań częściowych poza wezwaniem, o którym mowa w ust. 1.
{% endif %}3. Zleceniobiorca składa sprawozdanie końcowe z wykonania zadania publicznego, sporządzone według wzoru stanowiącego załącznik nr 5 do rozporządzenia, w terminie 30 dni od dnia zakończenia realizacji zadania, tj. do dnia {{ final_report_due }}, za pośrednictwem portalu.
4. Zleceniodawca ocenia realizację zadania na podstawie sprawozdań i może wezwać Zleceniobiorcę do złożenia dodatkowych informacji, wyjaśnień oraz dowodów w terminie 7 dni od dnia doręczenia wezwania.

§ 6. Kontrola zadania publicznego
1. Zleceniodawca sprawuje kontrolę prawidłowości wykonywania zadania publicznego, w tym wydatkowania dotacji, w toku realizacji zadania oraz po jego zakończeniu do czasu ustania obowiązku przechowywania dokumentacji.
2. W ramach kontroli osoby upoważnione przez Zleceniodawcę mogą badać dokumenty i inne nośniki informacji, a Zleceniobiorca na żądanie kontrolującego zobowiązuje się je dostarczyć lub udostępnić oraz udzielić wyjaśnień w terminie określonym przez kontrolującego.

§ 7. Zwrot niewykorzystanej dotacji
1. Niewykorzystaną kwotę dotacji Zleceniobiorca zwraca w terminie 15 dni od dnia zakończenia realizacji zadania publicznego, na rachunek bankowy wskazany przez Zleceniodawcę (art. 251 ust. 1 ustawy z dnia 27 sierpnia 2009 r. o finansach publicznych).
2. Od kwoty niewykorzystanej dotacji zwróconej po terminie oraz od dotacji wykorzystanej niezgodnie z przeznaczeniem lub pobranej w nadmiernej wysokości nalicza się odsetki w wysokości określonej jak dla zaległości podatkowych (art. 251 i 252 ustawy o finansach publicznych).

§ 8. Rozwiązanie umowy
1. Umowa może być rozwiązana na mocy porozumienia Stron w przypadku wystąpienia okoliczności, za które Strony nie ponoszą odpowiedzialności, a które uniemożliwiają wykonanie umowy.
2. Zleceniodawca może rozwiązać umowę ze skutkiem natychmiastowym w przypadku wykorzystywania dotacji niezgodnie z przeznaczeniem, nieterminowego lub nienależytego wykonywania umowy, przekazania przez Zleceniobiorcę części lub całości dotacji osobie trzeciej, nieprzedłożenia sprawozdania w terminie lub odmowy poddania się kontroli.
3. Rozwiązując umowę, Zleceniodawca określa kwotę dotacji podlegającą zwrotowi wraz z odsetkami i termin jej zwrotu.

§ 9. Dostępność dla osób ze szczególnymi potrzebami
Zleceniobiorca zobowiązuje się zapewnić w trakcie realizacji zadania publicznego dostępność osobom ze szczególnymi potrzebami, co najmniej w zakresie minimalnych wymagań określonych w art. 6 ustawy z dnia 19 lipca 2019 r. o zapewnianiu dostępności osobom ze szczególnymi potrzebami, a w indywidualnym przypadku, gdy nie jest w stanie jej zapewnić – dostęp alternatywny, o którym mowa w art. 7 tej ustawy (art. 4 ust. 3 ustawy).

§ 10. Ochrona danych osobowych
1. Zleceniobiorca przetwarza dane osobowe uczestników zadania zgodnie z rozporządzeniem Parlamentu Europejskiego i Rady (UE) 2016/679 (RODO) i jest ich administratorem w zakresie realizacji zadania.
2. Zleceniobiorca informuje osoby, których dane przekazuje Zleceniodawcy w sprawozdaniach, o ich przetwarzaniu przez Zleceniodawcę w celu kontroli i rozliczenia dotacji.

§ 11. Postanowienia końcowe
1. Zmiany umowy wymagają formy pisemnej pod rygorem nieważności.
2. W zakresie nieuregulowanym umową stosuje się przepisy ustawy, ustawy o finansach publicznych oraz Kodeksu cywilnego.
3. Spory związane z realizacją umowy Strony rozstrzygają polubownie, a w razie braku porozumienia – sąd powszechny właściwy dla siedziby Zleceniodawcy.
4. Umowę sporządzono w dwóch jednobrzmiących egzemplarzach, po jednym dla każdej ze Stron.

Zleceniodawca:                                  Zleceniobiorca:
{{ signatory_city }}                            {{ signatory_organisation }}

Załączniki:
1. Oferta nr {{ offer.number }}.
{% if has_update %}2. Aktualizacja kalkulacji przewidywanych kosztów i harmonogramu.
{% endif %}
"""


def create_template(apps, schema_editor):
    ContractTemplate = apps.get_model("competitions", "ContractTemplate")
    ContractTemplate.objects.get_or_create(
        version=VERSION,
        defaults={
            "title": "Umowa o wsparcie realizacji zadania publicznego",
            "legal_basis": (
                "Art. 16 ust. 1 ustawy o działalności pożytku publicznego i o wolontariacie; załącznik nr 3 "
                "do rozporządzenia z dnia 24 października 2018 r. (Dz. U. poz. 2057); art. 4 ust. 3 ustawy "
                "z dnia 19 lipca 2019 r. o zapewnianiu dostępności osobom ze szczególnymi potrzebami"
            ),
            "body": BODY,
            "valid_from": datetime.date(2021, 1, 1),
            "is_active": True,
        },
    )


def remove_template(apps, schema_editor):
    ContractTemplate = apps.get_model("competitions", "ContractTemplate")
    ContractTemplate.objects.filter(version=VERSION, contracts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("competitions", "0004_part2_evaluation_contracts_reports")]

    operations = [
        migrations.AddField(
            model_name="contract",
            name="partial_report_ends",
            field=models.JSONField(
                blank=True, default=list, verbose_name="ends of partial reporting periods"
            ),
        ),
        migrations.AddField(
            model_name="contract",
            name="signatory_city",
            field=models.CharField(blank=True, max_length=300, verbose_name="signing for the city"),
        ),
        migrations.AddField(
            model_name="contract",
            name="signatory_organisation",
            field=models.CharField(blank=True, max_length=300, verbose_name="signing for the organisation"),
        ),
        migrations.RunPython(create_template, remove_template),
    ]
