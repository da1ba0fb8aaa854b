"""Staff pages for the signed-in user's own jurisdiction: home, agencies, users and tokens."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core import audit
from wageguard.core.forms import apply_errors
from wageguard.core.text import clean_text

from . import services
from .forms import (
    AgencyCreateForm,
    AgencyForm,
    PasswordChangeForm,
    TokenForm,
    UserCreateForm,
    UserForm,
)
from .models import Agency, AgencyKind, ApiToken, User
from .work import my_work


def _require(request: HttpRequest, action: str, label: str) -> None:
    if not request.user.can(action, label):
        raise PermissionDenied


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    agency = user.agency
    notices = list(user.notifications.filter(read_at__isnull=True)[:10])
    return render(
        request,
        "org/home.html",
        {
            "agency": agency,
            "notices": notices,
            "work": my_work(user),
        },
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Marks one's own notices read; another user's are out of reach by construction."""
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("home")


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    qs = Agency.objects.restrict(request.user, "view").select_related("region", "parent")
    q = clean_text(request.GET.get("q", ""))
    kind = request.GET.get("kind", "")
    level = request.GET.get("level", "")
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(region_id__startswith=q))
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(region__level=level)
    qs = qs.annotate(user_count=Count("users")).order_by("region_id", "kind")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "org/agency_list.html",
        {
            "page_obj": page,
            "kinds": AgencyKind.choices,
            "q": q,
            "kind": kind,
            "level": level,
            "query_string": params.urlencode() + "&" if params else "",
            "can_add": request.user.can("add", "org.agency"),
        },
    )


@login_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(
        Agency.objects.restrict(request.user, "view").select_related("region", "parent"), pk=pk
    )
    children = (
        Agency.objects.restrict(request.user, "view").filter(parent=agency).select_related("region")
    )
    users = (
        User.objects.restrict(request.user, "view").filter(agency=agency).order_by("username")
        if request.user.can("view", "org.user")
        else None
    )
    can_change = request.user.can("change", "org.agency")
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and _update(request, form, can_change, services.update_agency):
        return redirect("agency-detail", pk=agency.pk)
    return render(
        request,
        "org/agency_detail.html",
        {
            "agency": agency,
            "children": children,
            "users": users,
            "form": form if can_change else None,
        },
    )


@login_required
def agency_create(request: HttpRequest) -> HttpResponse:
    _require(request, "add", "org.agency")
    form = AgencyCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.create_agency(request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已创建机构 %(name)s") % {"name": agency.name})
            return redirect("agency-detail", pk=agency.pk)
    return render(request, "org/agency_form.html", {"form": form})


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require(request, "view", "org.user")
    qs = User.objects.restrict(request.user, "view").select_related("agency__region")
    q = clean_text(request.GET.get("q", ""))
    if q:
        qs = qs.filter(
            Q(username__icontains=q) | Q(full_name__contains=q) | Q(agency__name__contains=q)
        )
    role = request.GET.get("role", "")
    if role:
        qs = qs.filter(role=role)
    page = Paginator(qs.order_by("agency__region_id", "username"), 50).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "org/user_list.html",
        {
            "page_obj": page,
            "q": q,
            "role": role,
            "roles": User._meta.get_field("role").choices,
            "can_add": request.user.can("add", "org.user"),
            "query_string": params.urlencode() + "&" if params else "",
        },
    )


def _update(request: HttpRequest, form, allowed: bool, service) -> bool:
    """Runs an edit form through its service; the service gets a fresh row, so a form that fails
    validation never leaves half-applied values on the object being audited."""
    if not allowed:
        raise PermissionDenied
    if not form.is_valid():
        return False
    fresh = type(form.instance).objects.get(pk=form.instance.pk)
    try:
        service(request.user, fresh, **form.cleaned_data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    messages.success(request, _("已保存"))
    return True


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    _require(request, "add", "org.user")
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"password1", "password2"}}
        try:
            user = services.create_user(
                request.user, password=form.cleaned_data["password1"], **data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已创建用户 %(name)s") % {"name": user.username})
            return redirect("user-edit", pk=user.pk)
    return render(request, "org/user_form.html", {"form": form, "creating": True})


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view", "org.user")
    target = get_object_or_404(User.objects.restrict(request.user, "view"), pk=pk)
    can_change = request.user.can("change", "org.user")
    form = UserForm(request.POST or None, instance=target, actor=request.user)
    if request.method == "POST" and _update(request, form, can_change, services.update_user):
        return redirect("user-edit", pk=target.pk)
    tokens = (
        ApiToken.objects.restrict(request.user, "view").filter(user=target)
        if request.user.can("view", "org.apitoken")
        else None
    )
    return render(
        request,
        "org/user_form.html",
        {
            "form": form,
            "target": target,
            "creating": False,
            "can_change": can_change,
            "tokens": tokens,
            "token_form": None if services.token_refusal(request.user, target) else TokenForm(),
        },
    )


@login_required
def my_tokens(request: HttpRequest) -> HttpResponse:
    """我的接口令牌: a person mints and revokes the tokens that act as them."""
    return render(
        request,
        "org/my_tokens.html",
        {
            "tokens": ApiToken.objects.filter(user=request.user),
            "token_form": TokenForm(),
            "target": request.user,
        },
    )


@login_required
@require_POST
def token_create(request: HttpRequest, pk: int) -> HttpResponse:
    own = pk == request.user.pk
    target = (
        request.user
        if own
        else get_object_or_404(User.objects.restrict(request.user, "view"), pk=pk)
    )
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写令牌用途"))
        return redirect("my-tokens" if own else "user-edit", **({} if own else {"pk": pk}))
    token, key = services.create_token(request.user, target, form.cleaned_data["name"])
    return render(request, "org/token_created.html", {"token": token, "key": key, "target": target})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # One's own token, or one the administrator's jurisdiction covers.
    others = ApiToken.objects.restrict(request.user, "change").values("pk")
    token = get_object_or_404(
        ApiToken.objects.filter(Q(user=request.user) | Q(pk__in=others)), pk=pk
    )
    services.revoke_token(request.user, token)
    messages.success(request, _("令牌已吊销"))
    if token.user_id == request.user.pk:
        return redirect("my-tokens")
    return redirect("user-edit", pk=token.user_id)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record("user.password_change", obj=self.request.user, actor=self.request.user)
        return response
