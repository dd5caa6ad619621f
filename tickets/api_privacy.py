"""The API for a customer's data (admins only): ask for an export, see
when it is ready, download the ZIP until it expires."""

from typing import Any

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Customer
from .models.exports import DataExport
from .services.exports import customer_export_request


class ExportOutSerializer(serializers.ModelSerializer[DataExport]):
    customer = serializers.IntegerField(source="customer_id")
    download = serializers.SerializerMethodField()

    class Meta:
        model = DataExport
        fields = (
            "id",
            "customer",
            "state",
            "size",
            "created_at",
            "expires_at",
            "download",
        )

    def get_download(self, export: DataExport) -> str | None:
        if export.state != DataExport.State.READY:
            return None
        return f"/api/v1/exports/{export.pk}/download/"


class CustomerExportView(APIView):
    """Ask for a customer's data as a ZIP (built in the background)."""

    permission_classes = (IsAdminUser,)

    @extend_schema(request=None, responses={202: ExportOutSerializer})
    def post(self, request: Request, pk: int) -> Response:
        customer = get_object_or_404(Customer, pk=pk, erased_at=None)
        export = customer_export_request(customer=customer, by=request.user)
        return Response(
            ExportOutSerializer(export).data, status=status.HTTP_202_ACCEPTED
        )


class ExportView(APIView):
    permission_classes = (IsAdminUser,)

    @extend_schema(responses=ExportOutSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ExportOutSerializer(get_object_or_404(DataExport, pk=pk)).data)


class ExportDownloadView(APIView):
    permission_classes = (IsAdminUser,)

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> Any:
        export = get_object_or_404(DataExport, pk=pk)
        if (
            export.state != DataExport.State.READY
            or not export.file
            or export.expires_at < timezone.now()
        ):
            raise NotFound("This export is not ready, failed, or has expired.")
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=f"customer-{export.customer_id}-data.zip",
        )
