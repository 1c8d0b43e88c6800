#!/usr/bin/perl
# The Perl peer: one alternation regex over every variant, a hash lookup
# for the replacement. Usage: perl-fix.pl GLOSSARY.tsv < IN > OUT
use strict;
use warnings;
my %to;
open my $g, '<:encoding(UTF-8)', $ARGV[0] or die "$ARGV[0]: $!";
while (<$g>) {
	chomp;
	my @f = split /\t/;
	next if /^#/ || @f < 6 || $f[1] ne 'variant';
	$to{$f[2]} = $f[5];
}
close $g;
my $alt = join '|', map { quotemeta } sort { length $b <=> length $a } keys %to;
my $re = qr/\b($alt)\b/;
binmode STDIN, ':encoding(UTF-8)';
binmode STDOUT, ':encoding(UTF-8)';
local $/;
my $text = <STDIN>;
$text =~ s/$re/$to{$1}/g;
print $text;
