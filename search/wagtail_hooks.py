from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import EverydayPhrase, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = "Search synonyms"
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["terms", "note"]
    form_fields = ["terms", "note"]


register_snippet(SynonymViewSet)


class EverydayPhraseViewSet(SnippetViewSet):
    model = EverydayPhrase
    icon = "search"
    menu_label = "Everyday phrases"
    menu_order = 901
    add_to_admin_menu = True
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["phrases", "note"]
    form_fields = ["phrases", "categories", "note"]


register_snippet(EverydayPhraseViewSet)
