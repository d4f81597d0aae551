"""The behaviours of PyYAML the ingest service relies on (its config facade calls ``yaml.safe_load`` only)."""

import time

import pytest
import yaml


@pytest.mark.requirement("SOUPREQ_YAML_SAFE")
def test_safe_load_refuses_python_object_tags():
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.safe_load("!!python/object/apply:os.system ['echo pwned']")


@pytest.mark.requirement("SOUPREQ_YAML_CONFIG")
def test_safe_load_reads_the_acquisition_config():
    config = yaml.safe_load("leads: [I, II, III]\nsample_rate_hz: 500\ngain_mv: 0.5\nfilters: {notch_hz: 50}\n")
    assert config == {"leads": ["I", "II", "III"], "sample_rate_hz": 500, "gain_mv": 0.5, "filters": {"notch_hz": 50}}


@pytest.mark.requirement("SOUPREQ_YAML_DUPLICATES")
def test_safe_load_rejects_duplicate_keys():
    # PyYAML keeps the last value of a repeated key without a word: this test fails, and the DHF shows it
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load("gain_mv: 0.5\ngain_mv: 5.0\n")


@pytest.mark.requirement("SOUPREQ_YAML_SPEED")
def test_safe_load_of_a_full_site_config_is_fast():
    text = "".join(f"device_{i}: {{serial: SN{i:05d}, leads: 12, sample_rate_hz: 500}}\n" for i in range(1000))
    start = time.perf_counter()
    assert len(yaml.safe_load(text)) == 1000
    assert time.perf_counter() - start < 5  # the requirement's limit is checked by the DHF from the report
