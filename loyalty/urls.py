from django.urls import path

from .evaluation import views as evaluation
from .exchange import views as exchange
from .registration import views as registration
from .rewards import views as rewards

app_name = "loyalty"

urlpatterns = [
    path("", registration.facility_list, name="facilities"),
    path("zapisz/", registration.register, name="register"),
    path("zatwierdzanie/", registration.approvals, name="approvals"),
    path("zatwierdzanie/<int:pk>/", registration.approve, name="approve"),
    path("premiowane-dzialania/", evaluation.rewarded_activities, name="rewarded_activities"),
    path("weryfikacja/", evaluation.verification_list, name="verification_list"),
    path("weryfikacja/<int:pk>/", evaluation.verify, name="verify"),
    path("<int:pk>/", evaluation.facility_detail, name="facility"),
    path("<int:pk>/karta/", evaluation.card, name="card"),
    path("<int:pk>/nagrody/", rewards.reward_list, name="rewards"),
    path("<int:pk>/nagrody/<int:reward_pk>/odbierz/", rewards.claim, name="claim"),
    path("<int:pk>/nagrody/odbior/<int:claim_pk>/anuluj/", rewards.cancel, name="cancel_claim"),
    path("<int:pk>/wymiana/", exchange.exchange, name="exchange"),
    path("<int:pk>/wymiana/<int:post_pk>/", exchange.exchange_post, name="exchange_post"),
    path("<int:pk>/wymiana/<int:post_pk>/zamknij/", exchange.exchange_close, name="exchange_close"),
]
