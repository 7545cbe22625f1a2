"""REST API for cases (read-only here; the process is driven from the case page)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from vik import policy
from vik.audit import services as audit
from vik.core.api import AuditedListMixin

from . import selectors
from .models import Case


class CaseSerializer(serializers.ModelSerializer):
    signal = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    case_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    subject = serializers.SlugRelatedField(slug_field="personnel_number", read_only=True)
    step = serializers.CharField(source="status.step", read_only=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "signal", "case_type", "track", "subject", "step",
                  "status_since", "opened_on", "deadline", "closed_on", "last_update_on",
                  "destruction_due", "version"]
        read_only_fields = fields


@extend_schema_view(retrieve=extend_schema(parameters=[OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="A unique integer value identifying this onderzoek.")]))
class CaseViewSet(AuditedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  viewsets.GenericViewSet):
    # Ids are numbers: anything else is a 404 from the URL, never a 500 from the query. JSON only,
    # as the API description says (no form or multipart bodies).
    lookup_value_regex = "[0-9]+"
    parser_classes = [JSONParser]
    queryset = Case.objects.none()  # for the API description only (the id's type); see get_queryset
    serializer_class = CaseSerializer

    def get_queryset(self):
        return policy.visible_case_files(self.request.user, selectors.cases_for(self.request.user)).select_related(
            "signal").order_by("deadline", "id")

    def retrieve(self, request, *args, **kwargs):
        case = policy.get_or_404(request.user, "case.file", Case.objects.select_related(
            "signal", "case_type", "subject", "status"), why="api_view", pk=kwargs["pk"])
        audit.record_view(request.user, case, summary="API")
        return Response(self.get_serializer(case).data)
