"""REST API for signals and their triage decisions (same permissions as the UI)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from vik.accounts.models import Employee, Unit
from vik.audit import services as audit
from vik.core import policy
from vik.core.api import call_service
from vik.triage import services as triage_services
from vik.triage.models import Route, TriageDecision

from . import selectors, services
from .models import Channel, Signal, Theme


class SignalSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.filter(
        kind__in=[Unit.Kind.REGION, Unit.Kind.NATIONAL]))
    theme = serializers.SlugRelatedField(slug_field="code", queryset=Theme.objects.filter(
        active=True))
    subjects = serializers.SlugRelatedField(slug_field="personnel_number", many=True,
                                            queryset=Employee.objects.all())
    reporter = serializers.SlugRelatedField(slug_field="personnel_number", required=False,
                                            allow_null=True, queryset=Employee.objects.all())
    channel = serializers.ChoiceField(choices=Channel.choices)

    class Meta:
        model = Signal
        fields = ["id", "reference", "received_on", "channel", "region", "theme", "description",
                  "subjects", "reporter", "reporter_description", "source_reference", "status",
                  "registered_at", "version"]
        read_only_fields = ["id", "reference", "status", "registered_at", "version"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not policy.can(request.user, "signal.reporter", instance):
            data["reporter"], data["reporter_description"] = None, ""
        return data


class TriageDecisionSerializer(serializers.ModelSerializer):
    scores = serializers.DictField(child=serializers.IntegerField())
    line_manager = serializers.SlugRelatedField(slug_field="personnel_number", required=False,
                                                allow_null=True,
                                                queryset=Employee.objects.all())
    route = serializers.ChoiceField(choices=Route.choices)
    expected_version = serializers.IntegerField(write_only=True, required=False)

    class Meta:
        model = TriageDecision
        fields = ["id", "route", "rationale", "scores", "decided_at", "current",
                  "retriage_reason", "line_manager", "follow_up_due", "handover_to",
                  "handover_on", "handover_reference", "expected_version"]
        read_only_fields = ["id", "decided_at", "current"]


class SignalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):
    serializer_class = SignalSerializer

    def get_queryset(self):
        return selectors.signals_for(self.request.user).prefetch_related("subjects").select_related(
            "reporter").order_by("-received_on", "-id")

    def get_object(self):
        signal = Signal.objects.filter(pk=self.kwargs["pk"]).first()
        if signal is None:
            raise Http404
        if not policy.can(self.request.user, "signal.view", signal):
            audit.record_denied(self.request.user, signal, why="api_view")
            raise Http404
        return signal

    def retrieve(self, request, *args, **kwargs):
        signal = self.get_object()
        audit.record_view(request.user, signal, summary="API")
        return Response(self.get_serializer(signal).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        data = services.SignalInput(
            received_on=d["received_on"], channel=d["channel"], region=d["region"],
            theme=d["theme"], description=d["description"], subjects=list(d["subjects"]),
            reporter=d.get("reporter"), reporter_description=d.get("reporter_description", ""),
            source_reference=d.get("source_reference", ""),
        )
        signal, error = call_service(services.register_signal, request.user, data)
        if error:
            return error
        return Response(self.get_serializer(signal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TriageDecisionSerializer, responses=TriageDecisionSerializer(many=True))
    @action(detail=True, methods=["get", "post"], url_path="triage-decisions")
    def triage_decisions(self, request, pk=None, **kwargs):  # kwargs: the ".json" format suffix
        signal = self.get_object()
        if request.method == "GET":
            audit.record_view(request.user, signal, summary="API triage")
            decisions = signal.triage_decisions.order_by("-decided_at", "-id")
            return Response(TriageDecisionSerializer(decisions, many=True).data)
        serializer = TriageDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        data = triage_services.DecisionInput(
            route=d["route"], rationale=d["rationale"], scores=d["scores"],
            retriage_reason=d.get("retriage_reason", ""), line_manager=d.get("line_manager"),
            follow_up_due=d.get("follow_up_due"), handover_to=d.get("handover_to", ""),
            handover_on=d.get("handover_on"), handover_reference=d.get("handover_reference", ""),
        )
        decision, error = call_service(triage_services.record_triage_decision, request.user,
                                       signal, data, expected_version=d.get("expected_version"))
        if error:
            return error
        return Response(TriageDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)



