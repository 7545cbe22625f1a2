"""REST API for cases (read-only here; the process is driven from the case page)."""

from rest_framework import mixins, serializers, viewsets
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


class CaseViewSet(AuditedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  viewsets.GenericViewSet):
    serializer_class = CaseSerializer

    def get_queryset(self):
        return policy.visible_case_files(self.request.user, selectors.cases_for(self.request.user)).select_related(
            "signal").order_by("deadline", "id")

    def retrieve(self, request, *args, **kwargs):
        case = policy.get_or_404(request.user, "case.file", Case.objects.select_related(
            "signal", "case_type", "subject", "status"), why="api_view", pk=kwargs["pk"])
        audit.record_view(request.user, case, summary="API")
        return Response(self.get_serializer(case).data)
