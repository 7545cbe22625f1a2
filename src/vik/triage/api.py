"""REST API for the triage decisions of a signal: /api/signals/<id>/triage-decisions/ (same
permissions as the UI; the signal is opened through `signals.access`, its triage through
`triage.services`)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from vik.accounts.models import Employee
from vik.audit import services as audit
from vik.core.api import call_service
from vik.signals.access import get_visible_signal_or_404

from . import services
from .models import Route, TriageDecision

SIGNAL_ID = OpenApiParameter("id", int, OpenApiParameter.PATH,
                             description="A unique integer value identifying this melding.")


class TriageDecisionSerializer(serializers.ModelSerializer):
    scores = serializers.DictField(child=serializers.IntegerField())
    line_manager = serializers.SlugRelatedField(slug_field="personnel_number", required=False,
                                                allow_null=True,
                                                queryset=Employee.objects.all())
    route = serializers.ChoiceField(choices=Route.choices)
    expected_version = serializers.IntegerField(write_only=True, required=False)
    decided_on = serializers.DateField(
        write_only=True, required=False, allow_null=True,
        help_text="The day the decision was taken when recorded later (default: today); "
                  "between the day the signal came in and today.")

    class Meta:
        model = TriageDecision
        fields = ["id", "route", "rationale", "scores", "decided_at", "current",
                  "retriage_reason", "line_manager", "follow_up_due", "handover_to",
                  "handover_on", "handover_reference", "expected_version", "decided_on"]
        read_only_fields = ["id", "decided_at", "current"]


@extend_schema_view(
    list=extend_schema(operation_id="signals_triage_decisions_list", tags=["signals"],
                       parameters=[SIGNAL_ID], responses=TriageDecisionSerializer(many=True)),
    create=extend_schema(operation_id="signals_triage_decisions_create", tags=["signals"],
                         parameters=[SIGNAL_ID], request=TriageDecisionSerializer,
                         responses={201: TriageDecisionSerializer}),
)
class TriageDecisionViewSet(viewsets.GenericViewSet):
    """The decisions of one signal, newest first; POST records a (re-)triage decision."""

    parser_classes = [JSONParser]  # JSON only, as the API description says
    serializer_class = TriageDecisionSerializer
    pagination_class = None
    queryset = TriageDecision.objects.none()

    def list(self, request, *args, **kwargs):
        signal = get_visible_signal_or_404(request, self.kwargs["id"], why="api_view")
        audit.record_view(request.user, signal, summary="API triage")
        decisions = signal.triage_decisions.order_by("-decided_at", "-id")
        return Response(TriageDecisionSerializer(decisions, many=True).data)

    def create(self, request, *args, **kwargs):
        signal = get_visible_signal_or_404(request, self.kwargs["id"], why="api_view")
        serializer = TriageDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        data = services.DecisionInput(
            route=d["route"], rationale=d["rationale"], scores=d["scores"],
            retriage_reason=d.get("retriage_reason", ""), line_manager=d.get("line_manager"),
            follow_up_due=d.get("follow_up_due"), handover_to=d.get("handover_to", ""),
            handover_on=d.get("handover_on"), handover_reference=d.get("handover_reference", ""),
            decided_on=d.get("decided_on"),
        )
        decision, error = call_service(services.record_triage_decision, request.user,
                                       signal, data, expected_version=d.get("expected_version"))
        if error:
            return error
        return Response(TriageDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)
