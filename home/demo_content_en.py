"""The English words of the demo site: translations of its main pages (``home.demo``).

Keyed by the Polish page's slug. Each entry becomes the English translation of that
page (Wagtail's ``copy_for_translation``), served under /en/. Pages not listed here,
news and library documents exist in Polish only and are marked so on English pages.
"""

HOME = {
    "title": "Home",
    "hero_title": "Warsaw works together with non-governmental organisations",
    "introduction": (
        "Calls for proposals, document templates, the map of organisations and support for foundations, "
        "associations and social cooperatives – in one place."
    ),
    "map_teaser_title": "Map of organisations",
    "map_teaser_text": (
        "See where organisations work in your district: day-care centres, youth clubs, help points and "
        "places of neighbourhood activity."
    ),
}

PAGES = {
    "konkursy-i-dotacje": {
        "slug": "calls-and-grants",
        "title": "Calls for proposals and grants",
        "introduction": (
            "How the city commissions public tasks to organisations: open calls for proposals, small grants "
            "outside a call, and regranting."
        ),
        "body": [
            (
                "paragraph",
                "<p>Every year the City of Warsaw commissions non-governmental organisations to carry out "
                "public tasks in the spheres listed in art. 4 of the Act on public benefit and volunteer "
                "work. The main procedure is the <b>open call for proposals</b>, announced at least 21 days "
                "before the deadline for offers.</p>",
            ),
            ("heading", {"text": "How tasks are commissioned", "level": "h2"}),
            (
                "table",
                {
                    "caption": "Procedures for commissioning public tasks to organisations",
                    "rows": [
                        ["Procedure", "Legal basis", "Main rules"],
                        [
                            "Open call for proposals",
                            "art. 11–19 of the Act",
                            "announced at least 21 days ahead, offers assessed by a committee",
                        ],
                        [
                            "Small grant (outside a call)",
                            "art. 19a of the Act",
                            "up to 10,000 zł, up to 90 days, the offer published for 7 days of comments",
                        ],
                        [
                            "Local initiative",
                            "art. 19b–19h of the Act",
                            "a residents' application, own contribution in voluntary work",
                        ],
                    ],
                },
            ),
            (
                "callout",
                {
                    "kind": "warning",
                    "title": "Deadlines are in Warsaw time",
                    "text": "<p>Offers submitted in the generator after the deadline in the announcement are "
                    "not accepted. Do not leave submitting your offer to the last minute.</p>",
                },
            ),
        ],
    },
    "dla-organizacji": {
        "slug": "for-organisations",
        "title": "For organisations",
        "introduction": (
            "The organisation's profile, training, premises on preferential terms and legal support."
        ),
        "body": [
            (
                "paragraph",
                "<p>Every organisation working in Warsaw can create a profile on the portal, keep its "
                "details, spheres of activity and places of activity up to date, and submit offers in the "
                "calls the city announces.</p>",
            ),
            ("heading", {"text": "Support for organisations", "level": "h2"}),
            (
                "paragraph",
                "<ul><li>free advice at the Consultation Point,</li><li>training in writing offers and "
                "accounting for grants,</li><li>premises on preferential terms,</li><li>the Monitoring "
                "Base for projects for children and families.</li></ul>",
            ),
        ],
    },
    "dla-mieszkancow": {
        "slug": "for-residents",
        "title": "For residents",
        "introduction": "How to find an organisation in your district and take part in what it offers.",
        "body": [
            (
                "paragraph",
                "<p>The directory of organisations and the city map list the foundations, associations and "
                "social cooperatives working near you. You can narrow the results to a district, a sphere "
                "of activity or a legal form.</p>",
            ),
        ],
    },
    "o-portalu": {
        "slug": "about-the-portal",
        "title": "About the portal",
        "introduction": "Who runs the portal and how we look after personal data.",
        "body": [
            (
                "paragraph",
                "<p>The portal is run by the Office for Cooperation with Non-Governmental Organisations of "
                "the City of Warsaw. Its software is open source, and any local government may reuse its "
                "code.</p>",
            ),
        ],
    },
}

NEWS_INDEX = {
    "slug": "news",
    "title": "News",
    "introduction": "Announcements, results of calls, training and events for Warsaw's organisations. "
    "News is published in Polish.",
}

FAQ = {
    "slug": "faq",
    "title": "Frequently asked questions",
    "introduction": "Answers to questions about calls for proposals, the Monitoring Base and the "
    "Miasto Korzyści programme.",
    "categories": [
        {
            "title": "Calls for proposals and the offer generator",
            "questions": [
                {
                    "question": "How do I submit an offer in a call?",
                    "anchor": "how-to-submit-an-offer",
                    "answer": "<p>Offers are submitted through the offer generator on the portal. It helps "
                    "to write, send and print the offer, takes the organisation's details from its profile "
                    "and checks the rules of the call.</p>",
                },
                {
                    "question": "Until when are offers accepted?",
                    "anchor": "deadline",
                    "answer": "<p>The announcement of the call gives the deadline; it is at least 21 days "
                    "after the announcement. Warsaw time counts.</p>",
                },
                {
                    "question": "Can organisations submit a joint offer?",
                    "anchor": "joint-offer",
                    "answer": "<p>Yes, if the announcement allows it. A joint offer states how the tasks and "
                    "costs are divided between the organisations.</p>",
                },
            ],
        },
        {
            "title": "The Monitoring Base",
            "questions": [
                {
                    "question": "What is the Monitoring Base for?",
                    "anchor": "what-is-the-monitoring-base",
                    "answer": "<p>It lets organisations and consortia monitor the support given to the "
                    "participants of their projects, and its effects, for children, young people and "
                    "whole families.</p>",
                },
                {
                    "question": "Who can see the participants' data?",
                    "anchor": "who-sees-the-data",
                    "answer": "<p>Only the organisation that entered them and, in consortium projects, the "
                    "partners the data were shared with by consent.</p>",
                },
            ],
        },
        {
            "title": "The Miasto Korzyści programme",
            "questions": [
                {
                    "question": "How is a day-care centre evaluated?",
                    "anchor": "evaluation",
                    "answer": "<p>Each centre assesses itself twice a school year, in September and March, "
                    "in an evaluation card of 15 categories, and describes what it does in each.</p>",
                },
                {
                    "question": "How much does taking part cost?",
                    "anchor": "cost",
                    "answer": "<p>Joining the programme is free and needs no formalities.</p>",
                },
            ],
        },
    ],
}

LIBRARY = {
    "slug": "documents",
    "title": "Document library",
    "introduction": "Templates of offers, contracts and reports, rules and instructions to download. "
    "The documents are in Polish.",
    "body": "<p>The documents are PDF files. Current templates apply from the day they are published; "
    "contracts already signed keep the template they were signed on.</p>",
}

CONSULTATION = {
    "slug": "consultation-point",
    "title": "Consultation Point for organisations",
    "introduction": "Free advice and training for non-governmental organisations and the city's staff.",
    "body": "<p>We help to prepare an offer, plan a project's budget, account for a grant and create the "
    "organisation's profile. We also train people to use the offer generator and the Monitoring "
    "Base.</p><ul><li>individual advice by appointment,</li><li>a lawyer on Tuesdays and Thursdays,</li>"
    "<li>group training once a month.</li></ul>",
    "opening_hours": [
        ("Monday–Friday", "8:00–16:00"),
        ("Tuesday and Thursday (lawyer)", "16:00–18:00"),
    ],
}

FOOTER = {
    "headings": {"Dla organizacji": "For organisations", "Portal": "Portal"},
    "contact": "<p><b>Office for Cooperation with Non-Governmental Organisations</b><br>ul. Senatorska 27, "
    "00-099 Warszawa<br>phone 22 443 12 00</p>",
    "copyright_notice": "© The Capital City of Warsaw",
}
