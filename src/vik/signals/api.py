"""REST API for signals (same permissions as the UI); their triage decisions are served by
`vik.triage.api` under the same /api/signals/<id>/ path."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from vik import policy
from vik.accounts.models import Employee, Unit
from vik.audit import services as audit
from vik.core.api import AuditedListMixin, call_service

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


@extend_schema_view(retrieve=extend_schema(parameters=[OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="A unique integer value identifying this melding.")]))
class SignalViewSet(AuditedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin, viewsets.GenericViewSet):
    # Ids are numbers: anything else is a 404 from the URL, never a 500 from the query. JSON only,
    # as the API description says (no form or multipart bodies).
    lookup_value_regex = "[0-9]+"
    parser_classes = [JSONParser]
    serializer_class = SignalSerializer

    def get_queryset(self):
        return selectors.signals_for(self.request.user).prefetch_related("subjects").select_related(
            "reporter").order_by("-received_on", "-id")

    def get_object(self):
        return policy.get_or_404(self.request.user, "signal.view", Signal, why="api_view", pk=self.kwargs["pk"])

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
