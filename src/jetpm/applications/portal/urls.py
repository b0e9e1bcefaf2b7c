"""URLs of the portal pages (included by jetpm.applications.urls under the "applications" namespace); the
application's own page, which shows what later stages made for the applicant, is jetpm.portal's."""

from django.urls import path

from jetpm.applications.portal import views as v
from jetpm.applications.portal.selectors import FORM_STEPS
from jetpm.applications.referee import views as referee_views

urlpatterns = [
    path("portal/", v.home, name="portal"),
    path("portal/start/", v.start, name="portal_start"),
    *[
        path(f"portal/<int:application_id>/{slug}/", v.step, {"step": slug}, name=f"portal_step_{slug}")
        for slug in FORM_STEPS
    ],
    path("portal/<int:application_id>/documents/", v.documents_step, name="portal_documents"),
    path(
        "portal/<int:application_id>/documents/<int:document_id>/remove/",
        v.document_remove,
        name="portal_document_remove",
    ),
    path("portal/<int:application_id>/referees/", v.referees_step, name="portal_referees"),
    path("portal/<int:application_id>/submit/", v.submit, name="portal_submit"),
    path("portal/<int:application_id>/contact-details/", v.contact, name="portal_contact"),
    path("portal/<int:application_id>/withdraw/", v.withdraw, name="portal_withdraw"),
    path("portal/<int:application_id>/notices/read/", v.notices_read, name="portal_notices_read"),
    path("portal/<int:application_id>/receipt.pdf", v.receipt, name="portal_receipt"),
    path("register/", v.register, name="register"),
    path("register/sent/", v.register_sent, name="register_sent"),
    path("register/resend/", v.register_resend, name="register_resend"),
    path("register/verify/<str:token>/", v.register_verify, name="register_verify"),
    path("reference/<str:token>/", referee_views.reference_upload, name="reference_upload"),
]
