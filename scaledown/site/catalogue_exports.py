"""Open data built with the site, so others can build on the catalogue.

* ``hardware/hardware.json``: the whole catalogue (devices, sensors, branches).
* ``hardware/availability/<branch>.json``: what one branch holds and its status.
* ``hardware/branches.geojson``: every branch with coordinates, as GeoJSON points.

No personal data is exported because the catalogue holds none: a loan is a
request number and a due date.

Example:
    >>> from scaledown.hardware.catalogue import load_catalogue
    >>> counts = availability(load_catalogue().branches["example-accra-makerspace"])
    >>> counts["devices"]["arduino-nano-33-ble-sense-rev2"]
    {'available': 1, 'on-loan': 1, 'maintenance': 0}
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from urllib.parse import urlencode

from ..hardware.catalogue import Catalogue

STATUSES = ("available", "on-loan", "maintenance")
FORMAT_VERSION = 1


def _dump(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def availability(branch: dict[str, Any]) -> dict[str, Any]:
    """One branch's holdings: each asset's status, and counts per device.

    Example:
        >>> a = availability({"id": "b", "example": True, "country": "GH", "inventory": [
        ...     {"asset": "A-1", "device": "d", "status": "on-loan", "due": "2026-01-02",
        ...      "request": 4, "condition": "good", "kit": [], "last_verified": "2026-01-01"}]})
        >>> a["items"][0]["due"], a["devices"]["d"]["on-loan"]
        ('2026-01-02', 1)
    """
    per_device: dict[str, Counter[str]] = {}
    items = []
    for item in branch.get("inventory", []):
        per_device.setdefault(item["device"], Counter())[item["status"]] += 1
        items.append(
            {
                "asset": item["asset"],
                "device": item["device"],
                "status": item["status"],
                "condition": item["condition"],
                "due": item.get("due"),
                "request": item.get("request"),
                "kit": item.get("kit", []),
                "last_verified": item["last_verified"],
            }
        )
    return {
        "format": FORMAT_VERSION,
        "branch": branch["id"],
        "example": branch["example"],
        "country": branch["country"],
        "devices": {
            device: {status: counts[status] for status in STATUSES}
            for device, counts in sorted(per_device.items())
        },
        "items": items,
    }


def availability_json(branch: dict[str, Any]) -> str:
    """:func:`availability` as the JSON text of ``hardware/availability/<branch>.json``.

    Example:
        >>> json.loads(availability_json({"id": "b", "example": True, "country": "GH",
        ...                               "inventory": []}))["devices"]
        {}
    """
    return _dump(availability(branch))


def catalogue_json(catalogue: Catalogue) -> str:
    """The whole catalogue as one JSON document.

    Example:
        >>> from scaledown.hardware.catalogue import load_catalogue
        >>> data = json.loads(catalogue_json(load_catalogue()))
        >>> sorted(data)
        ['branches', 'devices', 'format', 'sensors']
    """
    return _dump(
        {
            "format": FORMAT_VERSION,
            "devices": list(catalogue.device_data.values()),
            "sensors": list(catalogue.sensors.values()),
            "branches": list(catalogue.branches.values()),
        }
    )


def branches_geojson(catalogue: Catalogue) -> str:
    """Branches with coordinates as a GeoJSON FeatureCollection ([lon, lat] order).

    Example:
        >>> from scaledown.hardware.catalogue import load_catalogue
        >>> geo = json.loads(branches_geojson(load_catalogue()))
        >>> geo["type"], geo["features"][0]["geometry"]["type"]
        ('FeatureCollection', 'Point')
    """
    features = []
    for branch in catalogue.branches.values():
        where = branch.get("coordinates")
        if not where:
            continue
        counts = Counter(item["status"] for item in branch.get("inventory", []))
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [where["lon"], where["lat"]]},
                "properties": {
                    "id": branch["id"],
                    "name": branch["name"],
                    "example": branch["example"],
                    "kind": branch["kind"],
                    "city": branch["city"],
                    "country": branch["country"],
                    "available": counts["available"],
                    "page": f"hardware/branches/{branch['id']}/",
                },
            }
        )
    return _dump({"type": "FeatureCollection", "features": features})


def borrow_url(repo_url: str | None, device_id: str, branch_id: str | None = None) -> str | None:
    """A link that opens the borrow issue form with the device and branch filled in.

    Only GitHub repositories have issue forms; elsewhere there is no link.

    Example:
        >>> borrow_url("https://github.com/ScaleDown-Team/scaledown/", "raspberry-pi-pico",
        ...            "example-accra-makerspace")  # doctest: +NORMALIZE_WHITESPACE
        'https://github.com/ScaleDown-Team/scaledown/issues/new?template=borrow.yml&device=raspberry-pi-pico&branch=example-accra-makerspace&title=%5BBorrow%5D+raspberry-pi-pico+from+example-accra-makerspace'
        >>> borrow_url("https://gitlab.com/a/b", "x", "y") is None
        True
    """
    if not repo_url or not repo_url.startswith("https://github.com/"):
        return None
    fields = {"template": "borrow.yml", "device": device_id}
    if branch_id:
        fields["branch"] = branch_id
    fields["title"] = f"[Borrow] {device_id}" + (f" from {branch_id}" if branch_id else "")
    query = urlencode(fields)
    return f"{repo_url.rstrip('/')}/issues/new?{query}"
