"""The POST data of the admin forms, as a browser sends them."""

COMPANY_URL = "/admin/partners/company/create/"
CONVENTION_URL = "/admin/partners/convention/create/"


def company_data(department, **overrides):
    data = {
        "name": "Entreprise de test",
        "siren": "123 456 782",
        "size": "pme",
        "sector": "Bâtiment",
        "department": department.pk,
        "website": "",
    }
    data.update(overrides)
    return data


def formset(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data[f"{prefix}-{index}-id"] = ""
        data[f"{prefix}-{index}-DELETE"] = ""
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = "" if value is None else value
    return data


def objective(axis, indicator=None, label="", target=""):
    return {
        "axis": axis.pk if axis else "",
        "indicator": indicator.pk if indicator else "",
        "label": label,
        "target": target,
        "target_date": "",
    }


def result(axis, value, indicator=None, label="", year=2019, half=1):
    return {
        "year": year,
        "half": half,
        "axis": axis.pk if axis else "",
        "indicator": indicator.pk if indicator else "",
        "label": label,
        "value": value,
        "comment": "",
    }


def convention_data(company, axes, objectives=(), results=(), **overrides):
    data = {
        "company": company.pk,
        "status": "signed",
        "signed_on": "01/03/2019",
        "start_date": "01/03/2019",
        "end_date": "",
        "mobilisation_day": "",
        "origin": "new",
        "charter_conversion_date": "",
        "axes": [axis.pk for axis in axes],
        "notes": "",
    }
    data.update(formset("objectives", list(objectives)))
    data.update(formset("results", list(results)))
    data.update(overrides)
    return data
