"""The behaviours of defusedxml the ingest service relies on (HL7 aECG XML uploads are parsed through it)."""

import pytest
from defusedxml import EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"""


@pytest.mark.requirement("SOUPREQ_XML_ENTITIES")
def test_entity_bomb_is_refused():
    with pytest.raises(EntitiesForbidden):
        fromstring(BOMB)


@pytest.mark.requirement("SOUPREQ_XML_ENTITIES")
def test_external_entity_is_refused():
    with pytest.raises((EntitiesForbidden, ExternalReferenceForbidden)):
        fromstring(EXTERNAL)


@pytest.mark.requirement("SOUPREQ_XML_PARSE")
def test_plain_aecg_document_parses():
    root = fromstring('<AnnotatedECG xmlns="urn:hl7-org:v3"><id root="1.2.3"/></AnnotatedECG>')
    assert root.tag == "{urn:hl7-org:v3}AnnotatedECG" and root[0].get("root") == "1.2.3"
