from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=2&page_size=100``: 50 rows a page by default, at most 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class TotalsPagination(PageNumberPagination):
    """A page of rows with ``totals``: the figures of ALL the rows the filters keep, not of the page (what
    ``totals_component``, a schema component, describes)."""

    totals_component = ""

    def get_paginated_response(self, data, totals=None):
        response = super().get_paginated_response(data)
        response.data["totals"] = totals
        return response

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["totals"] = {"$ref": f"#/components/schemas/{self.totals_component}"}
        answer["required"] = [*answer.get("required", []), "totals"]
        return answer


class ProjectFiguresPagination(TotalsPagination):
    totals_component = "Group"


class KpiFiguresPagination(TotalsPagination):
    totals_component = "KpiSet"
