"""``{% cached_fragment "name" "kind" ... %}...{% endcached_fragment %}``: a part of a page that
is the same for everyone with the same audiences, kept until one of its content kinds changes
(core/caching.py). Only for parts that show that content and nothing of one person's own."""

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context

from core import caching

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist: NodeList, bits: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.bits = bits

    def render(self, context: Context) -> str:
        name, *kinds = (str(bit.resolve(context)) for bit in self.bits)
        return caching.fragment(
            context.get("request"), name, kinds, lambda: self.nodelist.render(context)
        )


@register.tag
def cached_fragment(parser: Parser, token: Token) -> CachedFragmentNode:
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("cached_fragment needs a name and content kinds")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])
