"""The directory in Open Referral HSDS 3.0 form, so other service directories can take the network in.

Each hub (centre, station, point) is one HSDS ``service`` of one ``organization``
(the street office, in organizations.json; services name it by ``organization_id``
rather than repeating it), at one physical ``location``, with its opening hours as a
``schedule`` (free text: the office's hours are not RRULEs), a ``phone`` only
where the number is published in full, and its yearly subsidy as an ``attribute``.

Ids are UUIDv5: stable across builds, derived from the site's address (or, without
one, the street's id) and the hub's id, so a directory that imported the network
recognises the same hub next time.
"""

from __future__ import annotations

import json
import uuid

from ..model import STATUS_NAMES
from ..public import PublicIndex

HSDS_DIR = "data/hsds"
HSDS_FILES = (f"{HSDS_DIR}/organizations.json", f"{HSDS_DIR}/services.json")
_STATUS = {"active": "active", "paused": "temporarily closed", "planned": "inactive", "closed": "defunct"}
_STATUS_BY_NAME = {name: status for status, name in STATUS_NAMES.items()}  # the centre's view has only the name


class Ids:
    def __init__(self, anchor: str):
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, anchor)

    def __call__(self, kind: str, key: str) -> str:
        return str(uuid.uuid5(self.namespace, f"{kind}:{key}"))


def hsds_export(index: PublicIndex, street_id: str, site_url: str | None) -> dict[str, bytes]:
    """organizations.json and services.json (HSDS 3.0 API objects), by path in the docs folder."""
    ids = Ids(site_url or f"urn:youlin:{street_id}")
    public, site = index.public, index.site
    organization = {
        "id": ids("organization", street_id),
        "name": site.office,
        "description": f"{site.region}{site.street_name}友邻网络（友邻中心、友邻站、友邻点）",
    }
    subsidy_term = {
        "id": ids("taxonomy_term", "subsidy_yuan"),
        "code": "subsidy_yuan",
        "name": "年度补助（元）",
        "description": "按补助政策每年拨付给这个友邻站或友邻点的金额（元）",
        "vocabulary": "youlin",
    }
    centre = public.centre
    hubs = [("centre", centre.id, centre.name, _STATUS_BY_NAME[centre.status_name],
             centre.address, centre.opening_hours, centre.phone, None, None, None, "；".join(centre.duties))]
    hubs += [("station", s.id, s.name, s.status, s.address, s.opening_hours, s.phone, s.subsidy.yearly_yuan, None, None,
              f"{s.venue}；运营单位：{s.operator}") for s in public.stations]
    hubs += [("point", p.id, p.name, p.status, p.address, p.opening_hours, p.contact.phone if p.contact.tel else None,
              p.subsidy.yearly_yuan, p.latitude, p.longitude, "、".join(p.services)) for p in public.points]
    services = []
    for kind, hub_id, name, status, address, hours, phone, subsidy, lat, lon, description in hubs:
        service_id = ids("service", hub_id)
        location = {"id": ids("location", hub_id), "location_type": "physical", "name": name,
                    "description": address}
        if lat is not None and lon is not None:
            location.update(latitude=lat, longitude=lon)
        service = {
            "id": service_id,
            "organization_id": organization["id"],
            "name": name,
            "alternate_name": hub_id,
            "description": description or name,
            "status": _STATUS.get(status, status),
            "service_at_locations": [{"id": ids("service_at_location", hub_id), "service_id": service_id,
                                      "location_id": location["id"], "location": location}],
            "schedules": [{"id": ids("schedule", hub_id), "service_id": service_id, "description": hours}],
            "phones": ([{"id": ids("phone", hub_id), "service_id": service_id, "number": phone}] if phone else []),
            "attributes": ([{"id": ids("attribute", f"{hub_id}:subsidy"), "link_id": service_id,
                             "link_type": "subsidy_yuan", "link_entity": "service", "value": str(subsidy),
                             "taxonomy_term_id": subsidy_term["id"], "taxonomy_term": subsidy_term}]
                           if subsidy is not None else []),
        }
        services.append(service)
    return dict(zip(HSDS_FILES, (_json([organization]), _json(services))))


def _json(value) -> bytes:
    # One service per line: readable in a diff, a fraction of the size of an indented file.
    if isinstance(value, list):
        return ("[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in value) + "\n]\n").encode("utf-8")
    return json.dumps(value, ensure_ascii=False).encode("utf-8")
