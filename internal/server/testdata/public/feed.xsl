<?xml version="1.0" encoding="utf-8"?>
<!--
  Renders Tributary's atom.xml as a readable page when a browser opens it.
  XSLT 1.0 only, no scripts, no external resources. Entry content is not
  shown: it is escaped HTML, and disable-output-escaping is ignored by
  Firefox, so titles, sources, authors and dates link to the originals.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:apply-templates select="atom:feed"/>
  </xsl:template>

  <xsl:template match="atom:feed">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title><xsl:value-of select="atom:title"/> (web feed)</title>
        <style>
          :root { color-scheme: light dark; --bg: #fdfcfa; --fg: #1d1d1f; --muted: #5b5b66; --accent: #a3261b; --rule: #e2ded6; --panel: #f4f1ea; }
          @media (prefers-color-scheme: dark) {
            :root { --bg: #16161a; --fg: #e8e6e3; --muted: #a5a3ad; --accent: #ff8a7a; --rule: #34333a; --panel: #1f1e24; }
          }
          body { margin: 0; background: var(--bg); color: var(--fg); font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; overflow-wrap: break-word; }
          header, main, footer { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
          header { padding-top: 1.5rem; }
          h1 { margin: 0; font-size: 1.75rem; line-height: 1.2; }
          a { color: var(--accent); }
          .muted { color: var(--muted); }
          .notice { background: var(--panel); border-radius: 6px; padding: .75rem 1rem; margin: 1rem 0; }
          code { font-size: .9em; word-break: break-all; }
          ol { list-style: none; padding: 0; margin: 0; }
          li { padding: 1rem 0; border-bottom: 1px solid var(--rule); }
          h2 { margin: 0 0 .25rem; font-size: 1.2rem; line-height: 1.3; }
          h2 a { color: inherit; }
          .meta { margin: 0; font-size: .9rem; color: var(--muted); }
          footer { padding-top: 1.5rem; padding-bottom: 2rem; font-size: .85rem; color: var(--muted); }
        </style>
      </head>
      <body>
        <header>
          <h1>
            <xsl:choose>
              <xsl:when test="atom:link[@rel='alternate']">
                <a href="{atom:link[@rel='alternate'][1]/@href}"><xsl:value-of select="atom:title"/></a>
              </xsl:when>
              <xsl:otherwise><xsl:value-of select="atom:title"/></xsl:otherwise>
            </xsl:choose>
          </h1>
          <xsl:if test="atom:subtitle">
            <p class="muted"><xsl:value-of select="atom:subtitle"/></p>
          </xsl:if>
          <p class="notice">
            This is a web feed. Copy its address into your feed reader to follow it:
            <code><xsl:value-of select="atom:link[@rel='self']/@href"/></code>
          </p>
        </header>
        <main>
          <ol>
            <xsl:apply-templates select="atom:entry"/>
          </ol>
        </main>
        <footer>
          <p>
            Updated <time datetime="{atom:updated}"><xsl:value-of select="translate(substring(atom:updated, 1, 16), 'T', ' ')"/> UTC</time>
            <xsl:if test="atom:generator">
              <xsl:text> by </xsl:text>
              <xsl:value-of select="atom:generator"/>
            </xsl:if>
          </p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <xsl:variable name="date">
      <xsl:choose>
        <xsl:when test="atom:published"><xsl:value-of select="atom:published"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="atom:updated"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <li>
      <h2>
        <xsl:choose>
          <xsl:when test="atom:link[@rel='alternate']">
            <a href="{atom:link[@rel='alternate'][1]/@href}"><xsl:value-of select="atom:title"/></a>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="atom:title"/></xsl:otherwise>
        </xsl:choose>
      </h2>
      <p class="meta">
        <xsl:if test="atom:source/atom:title">
          <xsl:text>From </xsl:text>
          <xsl:choose>
            <xsl:when test="atom:source/atom:link[@rel='alternate']">
              <a href="{atom:source/atom:link[@rel='alternate'][1]/@href}"><xsl:value-of select="atom:source/atom:title"/></a>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="atom:source/atom:title"/></xsl:otherwise>
          </xsl:choose>
          <xsl:text> · </xsl:text>
        </xsl:if>
        <!-- An author that merely repeats the source's name says nothing new. -->
        <xsl:variable name="authors" select="atom:author/atom:name[not(. = ../../atom:source/atom:title)]"/>
        <xsl:if test="$authors">
          <xsl:text>by </xsl:text>
          <xsl:for-each select="$authors">
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <xsl:value-of select="."/>
          </xsl:for-each>
          <xsl:text> · </xsl:text>
        </xsl:if>
        <time datetime="{$date}"><xsl:value-of select="substring($date, 1, 10)"/></time>
      </p>
    </li>
  </xsl:template>
</xsl:stylesheet>
