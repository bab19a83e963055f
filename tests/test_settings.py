import pytest

from summarizer.errors import ConfigError
from summarizer.settings import Settings


def test_option_beats_environment_beats_default():
    env = {"SUMMARIZER_MODEL": "env-model", "SUMMARIZER_CONCURRENCY": "8"}
    settings = Settings.resolve(env=env, model="flag-model")
    assert settings.model == "flag-model"
    assert settings.concurrency == 8
    assert settings.chunk_size == Settings().chunk_size


def test_none_options_do_not_hide_the_environment():
    settings = Settings.resolve(env={"SUMMARIZER_MODEL": "env-model"}, model=None)
    assert settings.model == "env-model"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "offline"),
        ({"OPENAI_API_KEY": "sk-test"}, "llm"),
        ({"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}, "llm"),
        ({"OPENAI_API_KEY": "sk-test", "SUMMARIZER_ENGINE": "offline"}, "offline"),
    ],
)
def test_auto_engine_follows_the_endpoint_configuration(env, expected):
    assert Settings.resolve(env=env).chosen_engine() == expected


def test_bad_values_name_the_setting():
    with pytest.raises(ConfigError, match="concurrency"):
        Settings.resolve(env={}, concurrency=0)
    with pytest.raises(ConfigError, match="mode"):
        Settings.resolve(env={"SUMMARIZER_MODE": "telepathy"})


def test_api_key_is_not_shown():
    settings = Settings.resolve(env={}, api_key="sk-very-secret")
    assert "sk-very-secret" not in repr(settings)
    assert "sk-very-secret" not in settings.model_dump_json()
